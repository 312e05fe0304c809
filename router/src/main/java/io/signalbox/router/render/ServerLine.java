package io.signalbox.router.render;

/**
 * One HAProxy server of a route backend. Every field is validated or derived from validated names, so the
 * template may print it as is.
 *
 * @param name        OpenShift's endpoint id: pod:&lt;pod&gt;:&lt;svc&gt;:&lt;port name&gt;:&lt;ip&gt;:&lt;port&gt; or ept:...
 * @param address     HAProxy address form: a.b.c.d:port or [v6]:port
 * @param cookie      the sticky cookie value, md5 of the name
 * @param checkInterval the health-check interval, or null when this server is not checked
 */
public record ServerLine(String name, String address, int weight, String cookie, String checkInterval) {
    public boolean checked() {
        return checkInterval != null;
    }
}
