package io.signalbox.router.source;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The fabric8 client for the configured cluster. A kubeconfig wins over the pod's service account; KUBERNETES_MASTER
 * replaces the server either names, or, alone, is used as is (an API reachable without credentials, or through a
 * local proxy such as {@code kubectl proxy}).
 */
final class KubeClients {
    private KubeClients() {
    }

    static KubernetesClient create(KubeSettings settings) {
        Config config;
        if (settings.kubeconfig().isPresent()) {
            config = Config.fromKubeconfig(null, settings.kubeconfig().get().toFile());
        } else if (settings.inCluster()) {
            config = Config.autoConfigure(null);
        } else {
            config = Config.empty();
        }
        settings.masterUrl().ifPresent(config::setMasterUrl);
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
