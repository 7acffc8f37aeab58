package tokendesk.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.domain.Authorization;
import com.influxdb.client.domain.Permission;
import com.influxdb.client.domain.PermissionResource;
import com.influxdb.exceptions.BadRequestException;
import com.influxdb.exceptions.ForbiddenException;
import com.influxdb.exceptions.NotFoundException;
import com.influxdb.exceptions.UnauthorizedException;
import java.util.List;
import org.junit.jupiter.api.Test;
import tokendesk.support.Api;
import tokendesk.support.TestServer;
import tokendesk.support.Tokens;
import tokendesk.support.Users;

/**
 * The official InfluxDB Java client (com.influxdb:influxdb-client-java) against a real tokendesk: listing, creating,
 * finding, deactivating and deleting authorizations the way {@code influx auth} does.
 */
class InfluxClientTest {

    private static InfluxDBClient client(TestServer server, String token) {
        return InfluxDBClientFactory.create(server.baseUrl(), token.toCharArray());
    }

    private static Permission permission(Permission.ActionEnum action, String type, String orgId) {
        var resource = new PermissionResource();
        resource.setType(type);
        resource.setOrgID(orgId);
        var permission = new Permission();
        permission.setAction(action);
        permission.setResource(resource);
        return permission;
    }

    @Test
    void the_java_client_manages_authorizations() {
        try (var server = TestServer.withOwner()) {
            var ownerToken = Tokens.create(server, server.owner(), "admin-ci", "full").value();
            try (var client = client(server, ownerToken)) {
                var orgs = client.getOrganizationsApi().findOrganizations();
                assertThat(orgs).hasSize(1);
                var org = orgs.get(0);
                assertThat(org.getName()).isEqualTo("tokendesk");
                assertThat(org.getId()).isEqualTo(InfluxOrg.ID);
                assertThat(client.getUsersApi().me().getName()).isEqualTo(TestServer.OWNER);

                var auths = client.getAuthorizationsApi();
                assertThat(auths.findAuthorizations()).extracting(Authorization::getDescription).containsExactly("admin-ci");

                // createAuthorization(orgID, permissions): no description, as the client sends it
                var created = auths.createAuthorization(org.getId(), List.of(
                        permission(Permission.ActionEnum.READ, PermissionResource.TYPE_AUTHORIZATIONS, org.getId()),
                        permission(Permission.ActionEnum.READ, "configs", org.getId())));
                assertThat(created.getToken()).matches("tc-apiv1_[0-9a-f]{64}");
                assertThat(created.getId()).matches("[0-9a-f]{16}");
                assertThat(created.getStatus()).isEqualTo(Authorization.StatusEnum.ACTIVE);
                assertThat(created.getOrgID()).isEqualTo(org.getId());
                assertThat(created.getUserID()).isEqualTo(Users.idOf(server, TestServer.OWNER));
                assertThat(created.getUser()).isEqualTo(TestServer.OWNER);
                assertThat(created.getCreatedAt()).isNotNull();
                assertThat(created.getUpdatedAt()).isNotNull();
                assertThat(created.getLinks().getSelf()).isEqualTo("/api/v2/authorizations/" + created.getId());
                assertThat(created.getPermissions()).extracting(p -> p.getResource().getType() + ":" + p.getAction().getValue())
                        .containsExactly("authorizations:read", "configs:read");

                // the new token is a real one: it may read authorizations, not write them
                try (var limited = client(server, created.getToken())) {
                    assertThat(limited.getAuthorizationsApi().findAuthorizations()).hasSize(2);
                    assertThatThrownBy(() -> limited.getAuthorizationsApi().createAuthorization(org.getId(),
                            List.of(permission(Permission.ActionEnum.READ, "configs", org.getId()))))
                            .isInstanceOf(ForbiddenException.class).hasMessageContaining("token lacks tokens:write");
                }

                // with a description, as `influx auth create --description ...` sends it
                var named = new Authorization();
                named.setOrgID(org.getId());
                named.setDescription("telegraf web-01");
                named.setPermissions(List.of(permission(Permission.ActionEnum.WRITE, "heartbeat", org.getId()),
                        permission(Permission.ActionEnum.READ, "configs", org.getId())));
                var agent = auths.createAuthorization(named);
                assertThat(agent.getDescription()).isEqualTo("telegraf web-01");
                assertThat(Api.bearer(server, agent.getToken()).get("/api/configs").statusCode()).isEqualTo(200);

                var found = auths.findAuthorizationByID(agent.getId());
                assertThat(found.getDescription()).isEqualTo("telegraf web-01");
                assertThat(found.getToken()).as("the value is shown once, at creation").isNull();
                assertThat(auths.findAuthorizationsByUserName(TestServer.OWNER)).hasSize(3);
                assertThat(auths.findAuthorizationsByUserID(created.getUserID())).hasSize(3);
                assertThat(auths.findAuthorizationsByOrgID(org.getId())).hasSize(3);
                assertThat(auths.findAuthorizationsByOrg(org)).hasSize(3);

                // create then get: exactly the permissions asked for (a write adds no read)
                assertThat(found.getPermissions()).extracting(p -> p.getResource().getType() + ":" + p.getAction().getValue())
                        .containsExactly("heartbeat:write", "configs:read");

                // influx auth inactive, then active: suspended, then working again
                found.setStatus(Authorization.StatusEnum.INACTIVE);
                var inactive = auths.updateAuthorization(found);
                assertThat(inactive.getStatus()).isEqualTo(Authorization.StatusEnum.INACTIVE);
                assertThat(Tokens.statusOf(server, agent.getId())).isEqualTo("SUSPENDED");
                assertThat(Api.bearer(server, agent.getToken()).get("/api/configs").statusCode()).isEqualTo(401);
                inactive.setStatus(Authorization.StatusEnum.ACTIVE);
                assertThat(auths.updateAuthorization(inactive).getStatus()).isEqualTo(Authorization.StatusEnum.ACTIVE);
                assertThat(Api.bearer(server, agent.getToken()).get("/api/configs").statusCode()).isEqualTo(200);

                // a revoked one stays refused
                assertThat(Api.bearer(server, ownerToken).post("/api/tokens/" + agent.getId() + "/revoke", "").statusCode())
                        .isEqualTo(200);
                var revoked = auths.findAuthorizationByID(agent.getId());
                assertThat(revoked.getStatus()).isEqualTo(Authorization.StatusEnum.INACTIVE);
                revoked.setStatus(Authorization.StatusEnum.ACTIVE);
                assertThatThrownBy(() -> auths.updateAuthorization(revoked))
                        .isInstanceOf(BadRequestException.class).hasMessageContaining("revocation is permanent");
                assertThat(Api.bearer(server, agent.getToken()).get("/api/configs").statusCode()).isEqualTo(401);

                // a permission on one config is InfluxDB's resource.id, echoed exactly as asked for (SPEC 10.4)
                var web = configId(Api.bearer(server, ownerToken).post("/api/configs", "{\"name\":\"web\",\"toml\":\"a = 1\"}").body());
                var db = configId(Api.bearer(server, ownerToken).post("/api/configs", "{\"name\":\"db\",\"toml\":\"b = 2\"}").body());
                var oneConfig = permission(Permission.ActionEnum.READ, "configs", org.getId());
                oneConfig.getResource().setId(web);
                var scoped = auths.createAuthorization(org.getId(),
                        List.of(permission(Permission.ActionEnum.WRITE, "heartbeat", org.getId()), oneConfig));
                assertThat(auths.findAuthorizationByID(scoped.getId()).getPermissions())
                        .extracting(p -> p.getResource().getType() + ":" + p.getAction().getValue() + ":" + p.getResource().getId())
                        .containsExactly("heartbeat:write:null", "configs:read:" + web);
                assertThat(auths.findAuthorizationByID(scoped.getId()).getPermissions()).isEqualTo(scoped.getPermissions());
                assertThat(Api.bearer(server, scoped.getToken()).get("/api/configs/" + web + "/toml").statusCode()).isEqualTo(200);
                assertThat(Api.bearer(server, scoped.getToken()).get("/api/configs/" + db + "/toml").statusCode()).isEqualTo(403);

                assertThatThrownBy(() -> auths.createAuthorization(org.getId(),
                        List.of(permission(Permission.ActionEnum.WRITE, PermissionResource.TYPE_BUCKETS, org.getId()))))
                        .isInstanceOf(BadRequestException.class).hasMessageContaining("\"buckets\"");

                // influx auth delete
                auths.deleteAuthorization(agent);
                assertThat(Tokens.statusOf(server, agent.getId())).isEqualTo("GONE");
                assertThatThrownBy(() -> auths.findAuthorizationByID(agent.getId())).isInstanceOf(NotFoundException.class);
                assertThat(auths.findAuthorizations()).extracting(Authorization::getId).doesNotContain(agent.getId());
            }
            try (var stranger = client(server, "tc-apiv1_" + "1".repeat(64))) {
                assertThatThrownBy(() -> stranger.getAuthorizationsApi().findAuthorizations())
                        .isInstanceOf(UnauthorizedException.class);
            }
        }
    }

    private static String configId(String json) {
        var matcher = java.util.regex.Pattern.compile("\"id\":\"([0-9a-f]{16})\"").matcher(json);
        assertThat(matcher.find()).as(json).isTrue();
        return matcher.group(1);
    }
}
