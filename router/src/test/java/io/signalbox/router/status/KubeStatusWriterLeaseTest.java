package io.signalbox.router.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubeStatusWriterLeaseTest {
    private static final StatusWriterLease.Timings FAST = new StatusWriterLease.Timings(Duration.ofSeconds(2),
            Duration.ofMillis(1500), Duration.ofMillis(200));

    KubernetesClient client;

    @Test
    void twoReplicasOfOneRouterHaveExactlyOneStatusWriterAndTheOtherTakesOverWhenItStops() throws Exception {
        AtomicInteger becameWriter = new AtomicInteger();
        StatusWriterLease a = new StatusWriterLease(client, "ingress", "default", "router-a", FAST);
        StatusWriterLease b = new StatusWriterLease(client, "ingress", "default", "router-b", FAST);
        try {
            a.start(becameWriter::incrementAndGet);
            b.start(becameWriter::incrementAndGet);
            waitFor(() -> a.isLeader() || b.isLeader());
            Thread.sleep(500);

            assertThat(a.isLeader() ^ b.isLeader()).as("exactly one writer").isTrue();
            Lease lease = client.leases().inNamespace("ingress").withName("router-status-default").get();
            String holder = lease.getSpec().getHolderIdentity();
            assertThat(holder).isEqualTo(a.isLeader() ? "router-a" : "router-b");

            StatusWriterLease writer = a.isLeader() ? a : b;
            StatusWriterLease follower = writer == a ? b : a;
            writer.close(); // releases the lease
            // isLeader turns true just before the callback runs: wait for the callback, which counts.
            waitFor(() -> becameWriter.get() == 2);
            assertThat(follower.isLeader()).as("the other replica writes now").isTrue();
            assertThat(writer.isLeader()).isFalse();
        } finally {
            a.close();
            b.close();
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("in time").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
