package tokendesk.permission;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tokendesk.user.Role;

class PermissionSetTest {
    private static final Permission CONFIGS_READ = Permission.of(Resource.CONFIGS, Action.READ);
    private static final Permission CONFIGS_WRITE = Permission.of(Resource.CONFIGS, Action.WRITE);
    private static final Permission HEARTBEAT_WRITE = Permission.of(Resource.HEARTBEAT, Action.WRITE);

    @Test
    void write_implies_read_but_not_the_other_way() {
        assertThat(PermissionSet.of(CONFIGS_WRITE).allows(CONFIGS_READ)).isTrue();
        assertThat(PermissionSet.of(CONFIGS_READ).allows(CONFIGS_WRITE)).isFalse();
        assertThat(PermissionSet.of(CONFIGS_READ).allows(Permission.of(Resource.AGENTS, Action.READ))).isFalse();
    }

    @Test
    void text_form_round_trips_and_keeps_the_highest_action() {
        var set = PermissionSet.of(CONFIGS_READ, CONFIGS_WRITE, HEARTBEAT_WRITE);
        assertThat(set.toString()).isEqualTo("configs:write,heartbeat:write");
        assertThat(PermissionSet.parseStored(set.toString())).isEqualTo(set);
        assertThat(PermissionSet.parseStored("")).isEqualTo(PermissionSet.NONE);
    }

    @Test
    void parse_accepts_only_known_resources_and_actions() {
        assertThat(Permission.parse("configs:read")).contains(CONFIGS_READ);
        assertThat(Permission.parse("config:read")).isEmpty();
        assertThat(Permission.parse("configs:delete")).isEmpty();
        assertThat(Permission.parse("configs")).isEmpty();
        assertThat(Permission.parse(null)).isEmpty();
    }

    @Test
    void intersect_takes_the_lower_action_per_resource() {
        var token = PermissionSet.of(CONFIGS_WRITE, HEARTBEAT_WRITE, Permission.of(Resource.USERS, Action.WRITE));
        var effective = token.intersect(Role.VIEWER.ceiling());
        assertThat(effective).isEqualTo(PermissionSet.of(CONFIGS_READ));
    }

    @Test
    void beyond_names_what_the_ceiling_does_not_allow() {
        var asked = PermissionSet.of(CONFIGS_WRITE, Permission.of(Resource.USERS, Action.READ));
        assertThat(asked.beyond(Role.MANAGER.ceiling())).containsExactly(Permission.of(Resource.USERS, Action.READ));
        assertThat(asked.beyond(Role.ADMINISTRATOR.ceiling())).isEmpty();
    }

    @Test
    void role_ceilings_match_the_spec() {
        assertThat(Role.OWNER.ceiling()).isEqualTo(PermissionSet.ALL);
        assertThat(Role.ADMINISTRATOR.ceiling()).isEqualTo(PermissionSet.ALL);
        assertThat(Role.MANAGER.ceiling().toString())
                .isEqualTo("agents:write,configs:write,labels:write,reporting_rules:write,heartbeat:write,tokens:write");
        assertThat(Role.VIEWER.ceiling().toString()).isEqualTo("agents:read,configs:read,labels:read,reporting_rules:read");
        assertThat(Role.VIEWER.ceiling().allows(Permission.of(Resource.TOKENS, Action.READ))).isFalse();
    }

    @Test
    void presets_stay_within_the_creators_ceiling() {
        assertThat(Preset.FULL_ACCESS.permissionsWithin(Role.MANAGER.ceiling())).isEqualTo(Role.MANAGER.ceiling());
        assertThat(Preset.TELEGRAF_AGENT.permissionsWithin(PermissionSet.ALL).toString())
                .isEqualTo("configs:read,heartbeat:write");
        var readOnly = Preset.READ_ONLY.permissionsWithin(Role.MANAGER.ceiling());
        assertThat(readOnly.permissions()).allMatch(p -> p.action() == Action.READ).hasSize(6);
    }
}
