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

    private static final String A = "00000000000000aa";
    private static final String B = "00000000000000bb";

    @Test
    void a_config_permission_may_name_one_config() {
        assertThat(Permission.parse("configs:read:" + A)).contains(CONFIGS_READ.on(A));
        assertThat(Permission.parse("configs:write:" + A).orElseThrow().toString()).isEqualTo("configs:write:" + A);
        assertThat(Permission.parse("configs:read:")).isEmpty();
        assertThat(Permission.parse("configs:read:XYZ")).isEmpty();
        assertThat(Permission.parse("configs:read:" + A + ":x")).isEmpty();
        assertThat(Permission.parse("agents:read:" + A)).isEmpty();
    }

    @Test
    void permissions_on_chosen_configs_cover_those_configs_only() {
        var set = PermissionSet.of(CONFIGS_READ.on(A), CONFIGS_WRITE.on(B), HEARTBEAT_WRITE);
        assertThat(set.allows(CONFIGS_READ.on(A))).isTrue();
        assertThat(set.allows(CONFIGS_WRITE.on(A))).isFalse();
        assertThat(set.allows(CONFIGS_READ.on(B))).isTrue();
        assertThat(set.allows(CONFIGS_READ.on("00000000000000cc"))).isFalse();
        assertThat(set.allows(CONFIGS_READ)).as("every config").isFalse();
        assertThat(set.allowsSome(CONFIGS_READ)).isTrue();
        assertThat(set.itemsAllowing(CONFIGS_READ)).contains(java.util.Set.of(A, B));
        assertThat(set.itemsAllowing(CONFIGS_WRITE)).contains(java.util.Set.of(B));
        assertThat(PermissionSet.of(CONFIGS_READ).itemsAllowing(CONFIGS_READ)).isEmpty();
        assertThat(PermissionSet.of(HEARTBEAT_WRITE).allowsSome(CONFIGS_READ)).isFalse();
    }

    @Test
    void text_form_of_chosen_configs_round_trips_and_storage_leaves_them_out() {
        var set = PermissionSet.of(CONFIGS_WRITE.on(B), CONFIGS_READ.on(A), CONFIGS_READ.on(B), HEARTBEAT_WRITE);
        assertThat(set.toString()).isEqualTo("heartbeat:write,configs:read:" + A + ",configs:write:" + B);
        assertThat(PermissionSet.parseStored(set.toString())).isEqualTo(set);
        assertThat(set.withoutItems()).isEqualTo(PermissionSet.of(HEARTBEAT_WRITE));
        assertThat(PermissionSet.of(CONFIGS_READ.on(A))).isNotEqualTo(PermissionSet.NONE);
        assertThat(PermissionSet.of(CONFIGS_WRITE, CONFIGS_READ.on(A))).as("every config covers it")
                .isEqualTo(PermissionSet.of(CONFIGS_WRITE));
    }

    @Test
    void a_role_ceiling_clips_chosen_configs_too() {
        var set = PermissionSet.of(CONFIGS_WRITE.on(A), CONFIGS_READ.on(B));
        assertThat(set.intersect(Role.VIEWER.ceiling())).isEqualTo(PermissionSet.of(CONFIGS_READ.on(A), CONFIGS_READ.on(B)));
        assertThat(set.intersect(Role.MANAGER.ceiling())).isEqualTo(set);
        assertThat(set.intersect(PermissionSet.of(HEARTBEAT_WRITE))).isEqualTo(PermissionSet.NONE);
        assertThat(set.beyond(Role.VIEWER.ceiling())).containsExactly(CONFIGS_WRITE.on(A));
        assertThat(PermissionSet.of(CONFIGS_READ).beyond(set)).as("every config is more than two").containsExactly(CONFIGS_READ);
        assertThat(set.readOnly()).isEqualTo(PermissionSet.of(CONFIGS_READ.on(A), CONFIGS_READ.on(B)));
        assertThat(set.summaryWithin(Role.MANAGER.ceiling())).isEqualTo("configs:write (1 chosen), configs:read (1 chosen)");
    }
}
