package io.signalbox.router.model;

import java.util.Comparator;
import java.util.Objects;

/** Namespace and name of an object; the identity every index keys on. */
public record ObjectRef(String namespace, String name) implements Comparable<ObjectRef> {
    private static final Comparator<ObjectRef> ORDER =
            Comparator.comparing(ObjectRef::namespace).thenComparing(ObjectRef::name);

    public ObjectRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public int compareTo(ObjectRef other) {
        return ORDER.compare(this, other);
    }

    /** OpenShift's "ns:name" form, used in backend and certificate names. */
    public String colonForm() {
        return namespace + ":" + name;
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
