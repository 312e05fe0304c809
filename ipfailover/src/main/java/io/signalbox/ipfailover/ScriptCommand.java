package io.signalbox.ipfailover;

import java.util.regex.Pattern;

/**
 * A program keepalived runs (OPENSHIFT_HA_CHECK_SCRIPT, OPENSHIFT_HA_NOTIFY_SCRIPT): an absolute path and plain
 * arguments. Quotes, shell metacharacters and line breaks are refused, so the value cannot end the quoted keepalived
 * string it is written into or add keywords of its own.
 */
public record ScriptCommand(String text) {
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");

    public static ScriptCommand parse(String setting, String value) {
        String[] words = value.trim().split(" +");
        boolean valid = words[0].startsWith("/") && !words[0].contains("/../");
        for (String word : words) {
            valid &= WORD.matcher(word).matches();
        }
        if (!valid || value.trim().length() > 1024) {
            throw new FailoverConfigException(setting + ": '" + value + "' is not a command keepalived can run"
                    + " (an absolute path, then arguments of letters, digits and _ . / : = , @ % + -)");
        }
        return new ScriptCommand(String.join(" ", words));
    }

    @Override
    public String toString() {
        return text;
    }
}
