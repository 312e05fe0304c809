package io.signalbox.router.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes label selector in its string form (ROUTE_LABELS, NAMESPACE_LABELS):
 * {@code a=b,a==b,c!=d,e in (x,y),f notin (z),g,!h,n>1,n<9}. All requirements must hold; "" selects everything.
 */
public final class LabelSelector {
    private static final Pattern SET_REQUIREMENT = Pattern.compile("(\\S+)\\s+(in|notin)\\s*\\((.*)\\)");
    private static final Pattern COMPARISON = Pattern.compile("([^=!<>\\s]+)\\s*(==|!=|=|<|>)\\s*(.*)");
    private static final String NAME = "([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)";
    private static final Pattern KEY = Pattern.compile("(" + "[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?" + "/)?" + NAME);
    private static final Pattern VALUE = Pattern.compile("(" + NAME + ")?");

    private final String text;
    private final List<Requirement> requirements;

    private LabelSelector(String text, List<Requirement> requirements) {
        this.text = text;
        this.requirements = requirements;
    }

    private enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST, GREATER, LESS }

    private record Requirement(String key, Operator operator, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case EQUALS, IN -> value != null && values.contains(value);
                case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
                case GREATER, LESS -> compares(value);
            };
        }

        private boolean compares(String value) {
            try {
                long actual = Long.parseLong(value);
                long bound = Long.parseLong(values.iterator().next());
                return operator == Operator.GREATER ? actual > bound : actual < bound;
            } catch (NumberFormatException e) {
                return false; // absent or non-numeric labels never match, as in Kubernetes
            }
        }
    }

    /** @throws IllegalArgumentException on bad syntax, naming the selector and the faulty part */
    public static LabelSelector parse(String selector) {
        List<Requirement> requirements = new ArrayList<>();
        for (String part : splitTopLevel(selector)) {
            String requirement = part.trim();
            if (requirement.isEmpty()) {
                if (selector.isBlank()) {
                    continue;
                }
                throw invalid(selector, "empty requirement");
            }
            requirements.add(parseRequirement(selector, requirement));
        }
        return new LabelSelector(selector, List.copyOf(requirements));
    }

    public boolean matches(Map<String, String> labels) {
        return requirements.stream().allMatch(r -> r.matches(labels));
    }

    @Override
    public String toString() {
        return text;
    }

    private static Requirement parseRequirement(String selector, String text) {
        if (text.startsWith("!")) {
            return new Requirement(key(selector, text.substring(1).trim()), Operator.DOES_NOT_EXIST, Set.of());
        }
        Matcher set = SET_REQUIREMENT.matcher(text);
        if (set.matches()) {
            List<String> values = new ArrayList<>();
            for (String v : set.group(3).split(",", -1)) {
                values.add(value(selector, v.trim()));
            }
            Operator op = set.group(2).equals("in") ? Operator.IN : Operator.NOT_IN;
            return new Requirement(key(selector, set.group(1)), op, Set.copyOf(values));
        }
        Matcher comparison = COMPARISON.matcher(text);
        if (comparison.matches()) {
            String key = key(selector, comparison.group(1));
            String value = comparison.group(3).trim();
            return switch (comparison.group(2)) {
                case "=", "==" -> new Requirement(key, Operator.EQUALS, Set.of(value(selector, value)));
                case "!=" -> new Requirement(key, Operator.NOT_EQUALS, Set.of(value(selector, value)));
                default -> {
                    if (!value.matches("-?[0-9]+")) {
                        throw invalid(selector, "'" + value + "' is not an integer in '" + text + "'");
                    }
                    yield new Requirement(key, comparison.group(2).equals(">") ? Operator.GREATER : Operator.LESS,
                            Set.of(value));
                }
            };
        }
        return new Requirement(key(selector, text), Operator.EXISTS, Set.of());
    }

    private static String key(String selector, String key) {
        if (!KEY.matcher(key).matches()) {
            throw invalid(selector, "'" + key + "' is not a valid label key");
        }
        return key;
    }

    private static String value(String selector, String value) {
        if (!VALUE.matcher(value).matches()) {
            throw invalid(selector, "'" + value + "' is not a valid label value");
        }
        return value;
    }

    /** Commas separate requirements except inside the parentheses of a set. */
    private static List<String> splitTopLevel(String selector) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth < 0) {
                    throw invalid(selector, "unbalanced ')'");
                }
            } else if (c == ',' && depth == 0) {
                parts.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw invalid(selector, "unbalanced '('");
        }
        parts.add(selector.substring(start));
        return parts;
    }

    private static IllegalArgumentException invalid(String selector, String problem) {
        return new IllegalArgumentException("invalid label selector \"" + selector + "\": " + problem);
    }
}
