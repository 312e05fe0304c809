package io.signalbox.router.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RestrictedAddressesTest {
    private final RestrictedAddresses strict = new RestrictedAddresses(false);

    @Test
    void podAddressesAreUsable() {
        assertThat(strict.isUsable("10.128.2.15")).isTrue();
        assertThat(strict.isUsable("fd01::2:15")).isTrue();
    }

    @Test
    void restrictedAddressesAreNeverUsed() {
        for (String ip : new String[] {"0.0.0.0", "127.0.0.1", "169.254.169.254", "224.0.0.1", "168.63.129.16",
                "::", "::1", "fe80::1", "ff02::1", "fd00:ec2::254", "::ffff:127.0.0.1", "::ffff:168.63.129.16",
                "::127.0.0.1"}) {
            assertThat(strict.isUsable(ip)).as(ip).isFalse();
        }
    }

    @Test
    void namesAndGarbageAreNotAddresses() {
        assertThat(strict.isUsable("localhost")).isFalse();
        assertThat(strict.isUsable("10.0.0.1 backup")).isFalse();
        assertThat(strict.isUsable("1.2.3")).isFalse();
        assertThat(strict.isUsable("")).isFalse();
    }

    @Test
    void loopbackCanBeAllowedButNothingElse() {
        RestrictedAddresses demo = new RestrictedAddresses(true);
        assertThat(demo.isUsable("127.0.0.1")).isTrue();
        assertThat(demo.isUsable("::1")).isTrue();
        assertThat(demo.isUsable("168.63.129.16")).isFalse();
        assertThat(demo.isUsable("169.254.1.1")).isFalse();
    }
}
