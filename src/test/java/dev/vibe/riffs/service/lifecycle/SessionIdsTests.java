package dev.vibe.riffs.service.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class SessionIdsTests {

    @Test
    void newSessionsAreUserAppAndRiffWithoutAPrefix() {
        assertThat(new SessionIds(Optional.empty()).of("user-1", "my-app", "fix-login")).isEqualTo("user-1:my-app:fix-login");
    }

    @Test
    void newSessionsCarryTheConfiguredPrefix() {
        SessionIds prefixed = new SessionIds(Optional.of("prod:"));

        assertThat(prefixed.of("user-1", "my-app", "fix-login")).isEqualTo("prod:user-1:my-app:fix-login");
        assertThat(prefixed.prefix()).contains("prod:");
    }

    @Test
    void rejectsAPrefixThatDoesNotEndWithAColonOrHoldsAnythingElse() {
        for (String invalid : new String[] { "prod", "prod-", ":", "pr od:", "a:b:", "prod.1:", "prod::", "x".repeat(64) + ":" }) {
            assertThatThrownBy(() -> SessionIds.checkedPrefix(Optional.of(invalid)))
                    .as(invalid)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("RUNTIME_API_SESSION_PREFIX");
        }
        assertThat(SessionIds.checkedPrefix(Optional.of("staging_2-eu:"))).contains("staging_2-eu:");
        assertThat(SessionIds.checkedPrefix(Optional.empty())).isEmpty();
    }

    @Test
    void aSessionCarriesThePrefixOnlyWithAUserAnAppAndARiffAfterIt() {
        assertThat(SessionIds.carriesPrefix("prod:user-1:my-app:fix-login", "prod:")).isTrue();
        // The unprefixed session of a user named "prod", in a deployment without a prefix: not ours.
        assertThat(SessionIds.carriesPrefix("prod:my-app:fix-login", "prod:")).isFalse();
        assertThat(SessionIds.carriesPrefix("staging:user-1:my-app:fix-login", "prod:")).isFalse();
        assertThat(SessionIds.carriesPrefix("user-1:my-app:fix-login", "prod:")).isFalse();
        assertThat(SessionIds.carriesPrefix("prod:a:b:c:d", "prod:")).isFalse();
        assertThat(SessionIds.carriesPrefix("prod::b:c", "prod:")).isFalse();
    }
}
