package io.signalbox.router.state;

import io.signalbox.router.model.ObjectRef;
import io.signalbox.router.status.IngressStatus;
import java.util.Optional;

/** A status write the state decided on: a new ingress entry for a route, or (empty) its removal. */
public record StatusChange(ObjectRef route, Optional<IngressStatus> status) {
}
