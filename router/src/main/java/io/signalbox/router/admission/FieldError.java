package io.signalbox.router.admission;

import java.util.List;

/**
 * A Kubernetes field error (apimachinery util/validation/field), printed exactly as Go prints it, because the
 * condition messages users see and grep for are built from these strings.
 *
 * @param badValue the value already formatted as Go would, or null when the error type shows no value
 */
record FieldError(String field, String type, String badValue, String detail) {

    static FieldError invalid(String field, String value, String detail) {
        return new FieldError(field, "Invalid value", goQuote(value), detail);
    }

    static FieldError required(String field) {
        return new FieldError(field, "Required value", null, "");
    }

    static FieldError tooMany(String field, int actual, int max) {
        return new FieldError(field, "Too many", Integer.toString(actual), "must have at most " + max + " items");
    }

    /** utilerrors.NewAggregate(errs).Error(): one error as is, several in brackets. */
    static String aggregate(List<FieldError> errors) {
        if (errors.size() == 1) {
            return errors.get(0).toString();
        }
        return "[" + String.join(", ", errors.stream().map(FieldError::toString).toList()) + "]";
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(field).append(": ").append(type);
        if (badValue != null) {
            text.append(": ").append(badValue);
        }
        if (!detail.isEmpty()) {
            text.append(": ").append(detail);
        }
        return text.toString();
    }

    /** Go's %q for a string. */
    static String goQuote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '\r' -> quoted.append("\\r");
                case 0x07 -> quoted.append("\\a");
                case '\b' -> quoted.append("\\b");
                case '\f' -> quoted.append("\\f");
                case 0x0B -> quoted.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        quoted.append(String.format("\\x%02x", c));
                    } else if (Character.isISOControl(c) || !Character.isDefined(c)) {
                        quoted.append(c > 0xFFFF ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
                    } else {
                        quoted.appendCodePoint(c);
                    }
                }
            }
        });
        return quoted.append('"').toString();
    }
}
