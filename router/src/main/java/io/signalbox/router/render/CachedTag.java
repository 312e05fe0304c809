package io.signalbox.router.render;

import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.NodeVisitor;
import io.pebbletemplates.pebble.lexer.Token;
import io.pebbletemplates.pebble.lexer.TokenStream;
import io.pebbletemplates.pebble.node.AbstractRenderableNode;
import io.pebbletemplates.pebble.node.BodyNode;
import io.pebbletemplates.pebble.node.RenderableNode;
import io.pebbletemplates.pebble.node.expression.Expression;
import io.pebbletemplates.pebble.parser.Parser;
import io.pebbletemplates.pebble.template.EvaluationContextImpl;
import io.pebbletemplates.pebble.template.PebbleTemplateImpl;
import io.pebbletemplates.pebble.tokenParser.TokenParser;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.List;

/**
 * The template tag {@code {% cached key %}…{% endcached %}}: its body is rendered once for each value of the key
 * expression and the text is reused by later renders while an equal value comes again. The body must depend only on
 * the key and on the settings every render shares (ConfigRenderer clears the cache when those change), and must not
 * set variables the rest of the template reads (a reused text sets nothing). Pebble's own
 * {@code cache} tag keys by a string and keeps entries forever; this one keys by value (a backend's model) and keeps
 * only what the last render used ({@link RenderCache}).
 */
final class CachedTag extends AbstractExtension {
    private final RenderCache<Object, String> cache;

    CachedTag(RenderCache<Object, String> cache) {
        this.cache = cache;
    }

    @Override
    public List<TokenParser> getTokenParsers() {
        return List.of(new TokenParser() {
            @Override
            public String getTag() {
                return "cached";
            }

            @Override
            public RenderableNode parse(Token token, Parser parser) {
                TokenStream stream = parser.getStream();
                stream.next();
                Expression<?> key = parser.getExpressionParser().parseExpression();
                stream.expect(Token.Type.EXECUTE_END);
                BodyNode body = parser.subparse(t -> t.test(Token.Type.NAME, "endcached"));
                stream.next();
                stream.expect(Token.Type.EXECUTE_END);
                return new Node(token.getLineNumber(), key, body);
            }
        });
    }

    /** Several cached tags in one template keep apart by the node they belong to. */
    private record Key(Node node, Object value) {
    }

    private final class Node extends AbstractRenderableNode {
        private final Expression<?> key;
        private final BodyNode body;

        Node(int lineNumber, Expression<?> key, BodyNode body) {
            super(lineNumber);
            this.key = key;
            this.body = body;
        }

        @Override
        public void render(PebbleTemplateImpl self, Writer writer, EvaluationContextImpl context) throws IOException {
            Key k = new Key(this, key.evaluate(self, context));
            String text = cache.get(k);
            if (text == null) {
                StringWriter out = new StringWriter(1024);
                body.render(self, out, context);
                text = out.toString();
                cache.put(k, text);
            }
            writer.write(text);
        }

        @Override
        public void accept(NodeVisitor visitor) {
            visitor.visit(this);
        }
    }
}
