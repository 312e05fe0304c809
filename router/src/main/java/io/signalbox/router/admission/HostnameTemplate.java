package io.signalbox.router.admission;

import java.util.Map;
import java.util.Optional;

/**
 * ROUTER_SUBDOMAIN expansion: Go's os.Expand syntax ($key and ${key}) with OpenShift's expandStrict rule that any
 * key other than the given ones makes the whole expansion fail.
 */
final class HostnameTemplate {
    private final String template;

    HostnameTemplate(String template) {
        this.template = template;
    }

    Optional<String> expand(Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        boolean unknownKey = false;
        for (int j = 0; j < template.length(); j++) {
            char c = template.charAt(j);
            if (c != '$' || j + 1 >= template.length()) {
                out.append(c);
                continue;
            }
            ShellName shellName = shellName(template.substring(j + 1));
            if (shellName.name().isEmpty()) {
                if (shellName.width() == 0) {
                    out.append('$'); // "$" not followed by a name stays as is
                }
            } else if (values.containsKey(shellName.name())) {
                out.append(values.get(shellName.name()));
            } else {
                unknownKey = true;
            }
            j += shellName.width();
        }
        return unknownKey ? Optional.empty() : Optional.of(out.toString());
    }

    private record ShellName(String name, int width) {
    }

    /** Go's getShellName: the name after '$' and how many characters it used ("" with width > 0: bad syntax). */
    private static ShellName shellName(String s) {
        if (s.charAt(0) == '{') {
            if (s.length() > 2 && isShellSpecial(s.charAt(1)) && s.charAt(2) == '}') {
                return new ShellName(s.substring(1, 2), 3);
            }
            int close = s.indexOf('}');
            if (close < 0) {
                return new ShellName("", 1);
            }
            return close == 1 ? new ShellName("", 2) : new ShellName(s.substring(1, close), close + 1);
        }
        if (isShellSpecial(s.charAt(0))) {
            return new ShellName(s.substring(0, 1), 1);
        }
        int i = 0;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) && s.charAt(i) < 128 || s.charAt(i) == '_')) {
            i++;
        }
        return new ShellName(s.substring(0, i), i);
    }

    private static boolean isShellSpecial(char c) {
        return "*#$@!?-".indexOf(c) >= 0 || (c >= '0' && c <= '9');
    }
}
