package tokendesk;

import static java.util.stream.Collectors.toMap;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.security.RouteRole;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tokendesk.agent.AgentApi;
import tokendesk.agent.AgentPages;
import tokendesk.agent.AgentService;
import tokendesk.audit.Audit;
import tokendesk.audit.AuditPages;
import tokendesk.audit.AuditService;
import tokendesk.events.EventSinks;
import tokendesk.events.Outbox;
import tokendesk.events.SinkState;
import tokendesk.auth.Access;
import tokendesk.auth.ApiAuth;
import tokendesk.auth.FailureLimiter;
import tokendesk.auth.LeakReportApi;
import tokendesk.auth.LoginPages;
import tokendesk.auth.Public;
import tokendesk.config.ConfigApi;
import tokendesk.config.ConfigPages;
import tokendesk.config.ConfigService;
import tokendesk.docs.ApiDocs;
import tokendesk.influx.InfluxAuthApi;
import tokendesk.influx.InfluxErrors;
import tokendesk.influx.InfluxTenantApi;
import tokendesk.metrics.Metrics;
import tokendesk.permission.Action;
import tokendesk.permission.ItemScope;
import tokendesk.permission.Permission;
import tokendesk.permission.Resource;
import tokendesk.shared.ClusterInvalidation;
import tokendesk.shared.Database;
import tokendesk.shared.Health;
import tokendesk.shared.Signer;
import tokendesk.token.AuthCache;
import tokendesk.token.BootstrapToken;
import tokendesk.token.BulkChanges;
import tokendesk.token.AddressRefusals;
import tokendesk.token.TokenAddresses;
import tokendesk.token.TokenApi;
import tokendesk.token.TokenDetailPages;
import tokendesk.token.DescriptionIndex;
import tokendesk.token.ExpiryNotices;
import tokendesk.token.UnusedTokens;
import tokendesk.token.TokenAuthentication;
import tokendesk.token.TokenPages;
import tokendesk.token.TokenQueries;
import tokendesk.token.TokenService;
import tokendesk.token.FindByValuePages;
import tokendesk.token.LeakReports;
import tokendesk.token.RotatePages;
import tokendesk.token.TokenRotation;
import tokendesk.token.TokenSuspension;
import tokendesk.token.TokenUsage;
import tokendesk.token.UserWithTokensDeletion;
import tokendesk.user.PasswordHasher;
import tokendesk.user.SignInService;
import tokendesk.user.UserApi;
import tokendesk.user.UserPages;
import tokendesk.user.UserService;
import tokendesk.web.ErrorPages;
import tokendesk.web.Requests;
import tokendesk.web.SecurityHeaders;
import tokendesk.web.SignInCsrf;

/** The composition root: database, services, controllers and the route table. Returns an unstarted server. */
public final class App {
    private static final Logger LOG = LoggerFactory.getLogger(App.class);
    public static final String SESSION_COOKIE = ServerSetup.SESSION_COOKIE;
    private static final Permission TOKENS_READ = Permission.of(Resource.TOKENS, Action.READ);
    private static final Permission TOKENS_WRITE = Permission.of(Resource.TOKENS, Action.WRITE);
    /** How often token use (last used at/from/agent) is written: at most once per token per interval. */
    private static final Duration USAGE_FLUSH_INTERVAL = Duration.ofSeconds(2);
    /** How often heartbeats of known agents are written: at most once per agent per interval. */
    private static final Duration HEARTBEAT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    /** Failed token authentications / sign-ins per client address and minute before it is refused (429). */
    private static final int TOKEN_FAILURES_PER_MINUTE = 50;
    private static final int SIGN_IN_FAILURES_PER_MINUTE = 20;
    private static final Permission USERS_WRITE = Permission.of(Resource.USERS, Action.WRITE);
    private static final Permission HEARTBEAT_WRITE = Permission.of(Resource.HEARTBEAT, Action.WRITE);
    private static final Permission AGENTS_READ = Permission.of(Resource.AGENTS, Action.READ);
    private static final Permission AGENTS_WRITE = Permission.of(Resource.AGENTS, Action.WRITE);
    private static final Permission CONFIGS_READ = Permission.of(Resource.CONFIGS, Action.READ);
    private static final Permission CONFIGS_WRITE = Permission.of(Resource.CONFIGS, Action.WRITE);
    private static final Permission SETTINGS_READ = Permission.of(Resource.SETTINGS, Action.READ);
    /** Any valid token or signed-in user: read of any resource (a write permission covers its read). */
    private static final RouteRole[] ANY_READ = Arrays.stream(Resource.values())
            .map(r -> Permission.of(r, Action.READ)).toArray(RouteRole[]::new);
    private static final RouteRole[] SIGNED_IN_OR_ANY_READ = Stream.concat(Stream.of(Public.SIGNED_IN), Arrays.stream(ANY_READ))
            .toArray(RouteRole[]::new);

    private App() {
    }

    public static Javalin create(Config config) {
        return create(config, Clock.systemUTC());
    }

    public static Javalin create(Config config, Clock clock) {
        var database = Database.open(config.database());
        var jdbi = database.jdbi();
        var coherence = ClusterInvalidation.of(database, config.database());
        var authCache = new AuthCache(coherence);
        var audit = new Audit(clock, Outbox.of(config.events()));
        var hasher = new PasswordHasher();
        var users = new UserService(jdbi, clock, hasher, authCache::invalidate, audit);
        var signer = Signer.load(jdbi);
        var signIns = new SignInService(jdbi, clock, hasher, config.loginMaxAttempts(),
                Duration.ofMinutes(config.loginLockoutMinutes()), audit, signer);
        var bulkChanges = new BulkChanges(jdbi, audit, authCache, database.dialect(), users);
        var tokens = new TokenService(jdbi, clock, !config.disablePresharedTokens(), authCache, audit, users, bulkChanges,
                config.tokenPolicy());
        var descriptions = database.dialect() == Database.Dialect.H2
                ? DescriptionIndex.openIfEmbedded(jdbi, config.database().url()) : null;
        var tokenQueries = new TokenQueries(jdbi, clock, users, config.tokenPolicy(), database.dialect(), descriptions);
        var suspension = new TokenSuspension(jdbi, clock, authCache, audit);
        var rotation = new TokenRotation(jdbi, clock, !config.disablePresharedTokens(), authCache, audit,
                config.tokenPolicy());
        var agents = new AgentService(jdbi, clock, HEARTBEAT_FLUSH_INTERVAL, audit);
        var configs = new ConfigService(jdbi, clock, audit, coherence, authCache::invalidate);
        bulkChanges.completeInterrupted();
        var unusedTokens = config.tokenPolicy().revokeUnusedDays() == null ? null
                : new UnusedTokens(jdbi, clock, bulkChanges, config.tokenPolicy().revokeUnusedDays());
        if (unusedTokens != null) {
            unusedTokens.revokeNow();
            unusedTokens.runDaily();
        }
        var expiryNotices = new ExpiryNotices(jdbi, clock, audit, config.tokenPolicy());
        var provisioning = new Provisioning(config, users, new BootstrapToken(jdbi, clock, authCache, audit, users));
        database.exclusively("provisioning", provisioning::run);
        authCache.invalidate(); // again after the commit: inside it, other instances could reload the old rows

        var usage = new TokenUsage(jdbi, USAGE_FLUSH_INTERVAL);
        Function<Context, String> clientIp = ctx -> Requests.clientIp(ctx, config.trustProxy());
        var tokenFailures = new FailureLimiter(clock, TOKEN_FAILURES_PER_MINUTE, Duration.ofMinutes(1));
        var signInFailures = new FailureLimiter(clock, SIGN_IN_FAILURES_PER_MINUTE, Duration.ofMinutes(1));
        var metrics = new Metrics(tokenQueries::counts, database::poolCounts);
        var eventSinks = new EventSinks(jdbi, clock, config.events(), metrics::eventDelivery);
        metrics.eventSinks(() -> eventSinks.states().stream().collect(toMap(SinkState::name, SinkState::waiting)));
        var apiAuth = new ApiAuth(new TokenAuthentication(jdbi, clock, authCache, users, rotation),
                new AddressRefusals(jdbi, clock), usage, tokenFailures, clientIp, metrics);
        var signInCsrf = new SignInCsrf(signer, config.secureCookies());
        var access = new Access(users, apiAuth, config.disabledAuthEndpoints(),
                Duration.ofMinutes(config.sessionIdleMinutes()), signInCsrf);
        var login = new LoginPages(users, signIns, signInFailures, clientIp, access, signInCsrf, config.secureCookies());
        var tokenAddresses = new TokenAddresses(jdbi, clock, authCache, audit);
        var tokenPages = new TokenPages(tokens, tokenQueries, users, suspension, new RotatePages(rotation, tokenQueries));
        var tokenDetail = new TokenDetailPages(tokenQueries, tokenAddresses);
        var userPages = new UserPages(users, new UserWithTokensDeletion(jdbi, clock, users, bulkChanges));
        var tokenApi = new TokenApi(tokens, tokenQueries, suspension, rotation, tokenAddresses);
        var leakReports = new LeakReportApi(new LeakReports(jdbi, clock, bulkChanges), tokenFailures, clientIp);
        var findByValue = new FindByValuePages(tokenQueries);
        var agentApi = new AgentApi(agents);
        var agentPages = new AgentPages(agents);
        var configApi = new ConfigApi(configs);
        var configPages = new ConfigPages(configs);
        var auditPages = new AuditPages(new AuditService(jdbi), eventSinks::states);
        var health = new Health(jdbi);
        var influxAuth = new InfluxAuthApi(tokens, tokenQueries, users, suspension);
        var influxTenant = new InfluxTenantApi(users);
        var apiDocs = new ApiDocs();

        return Javalin.create(cfg -> {
            ServerSetup.apply(cfg, config);
            cfg.requestLogger.http(metrics::request);
            // start() returns after this first scan, while the server already answers (an upgrade's first start may
            // have hundreds of notices to send)
            cfg.events.serverStarted(() -> {
                expiryNotices.scanQuietly();
                expiryNotices.runEveryMinute();
            });
            cfg.events.serverStopped(() -> {
                usage.close();
                rotation.close();
                agents.close();
                expiryNotices.close();
                eventSinks.close();
                if (unusedTokens != null) {
                    unusedTokens.close();
                }
                coherence.close();
                Optional.ofNullable(descriptions).ifPresent(DescriptionIndex::close);
                database.close();
            });
            ErrorPages.register(cfg, new ErrorPages.CodeVocabulary(InfluxErrors.PATH_PREFIX, InfluxErrors::code));
            cfg.routes.before(SecurityHeaders::apply);
            cfg.routes.before(Requests::refuseNul);
            cfg.routes.before(ctx -> Audit.setOrigin(clientIp.apply(ctx)));
            cfg.routes.after(ctx -> Audit.clearOrigin());
            cfg.routes.beforeMatched(access);

            // Javalin tries a request's path against the routes in this order, each by regex until one matches, so the
            // endpoints agents call on every interval come first
            cfg.routes.get("/health", health::handle, Public.ANYONE);
            cfg.routes.get(ConfigApi.TOML, configApi::toml, CONFIGS_READ, ItemScope.ONE);
            cfg.routes.post(AgentApi.HEARTBEAT, agentApi::heartbeat, HEARTBEAT_WRITE);
            cfg.routes.get(Metrics.PATH, metrics::scrape, config.metricsPublic() ? Public.ANYONE : SETTINGS_READ);
            cfg.routes.get(Access.SETUP_PATH, login::showSetup, Public.SIGNING_IN);
            cfg.routes.post(Access.SETUP_PATH, login::setup, Public.SIGNING_IN);
            cfg.routes.get(Access.LOGIN_PATH, login::showLogin, Public.SIGNING_IN);
            cfg.routes.post(Access.LOGIN_PATH, login::login, Public.SIGNING_IN);
            cfg.routes.post("/logout", login::logout, Public.ANYONE);
            cfg.routes.get("/", App::home, Public.SIGNED_IN);

            cfg.routes.get(TokenPages.LIST, tokenPages::list, TOKENS_READ);
            cfg.routes.post(TokenPages.LIST, tokenPages::create, TOKENS_WRITE);
            cfg.routes.get(TokenPages.NEW, tokenPages::newForm, TOKENS_WRITE);
            cfg.routes.get(TokenPages.EXPIRY_NOTICE, tokenPages::expiryNotice, TOKENS_READ);
            cfg.routes.get(TokenPages.BULK, tokenPages::confirmBulk, TOKENS_WRITE);
            cfg.routes.post(TokenPages.BULK, tokenPages::bulk, TOKENS_WRITE);
            cfg.routes.get(FindByValuePages.PATH, findByValue::form, TOKENS_WRITE); // before DETAIL: "find" is no id
            cfg.routes.post(FindByValuePages.PATH, findByValue::find, TOKENS_WRITE);
            cfg.routes.get(TokenDetailPages.DETAIL, tokenDetail::detail, TOKENS_READ);
            cfg.routes.post(TokenDetailPages.ALLOWED_ADDRESSES, tokenDetail::changeAllowedAddresses, TOKENS_WRITE); // before ACTION
            cfg.routes.get(TokenPages.ACTION, tokenPages::confirmOne, TOKENS_WRITE);
            cfg.routes.post(TokenPages.ACTION, tokenPages::one, TOKENS_WRITE);

            cfg.routes.get(TokenApi.LIST, tokenApi::list, TOKENS_READ);
            cfg.routes.post(TokenApi.LIST, tokenApi::create, TOKENS_WRITE);
            cfg.routes.get(TokenApi.CAPABILITIES, tokenApi::capabilities, TOKENS_READ);
            cfg.routes.post(TokenApi.BULK, tokenApi::bulk, TOKENS_WRITE);
            cfg.routes.get(TokenApi.SELF, tokenApi::self, ANY_READ); // before ONE: "self" is no id
            cfg.routes.delete(TokenApi.SELF, tokenApi::revokeSelf, ANY_READ);
            cfg.routes.post(LeakReportApi.PATH, leakReports::report, Public.SESSIONLESS);
            cfg.routes.get(TokenApi.ONE, tokenApi::get, TOKENS_READ);
            cfg.routes.delete(TokenApi.ONE, tokenApi::delete, TOKENS_WRITE);
            cfg.routes.post(TokenApi.REVOKE, tokenApi::revoke, TOKENS_WRITE);
            cfg.routes.post(TokenApi.REASSIGN, tokenApi::reassign, TOKENS_WRITE);
            cfg.routes.put(TokenApi.ALLOWED_ADDRESSES, tokenApi::changeAllowedAddresses, TOKENS_WRITE);
            cfg.routes.post(TokenApi.ROTATE_SELF, tokenApi::rotateSelf, ANY_READ); // before {id}: "self" is no id
            cfg.routes.post(TokenApi.ROTATE, tokenApi::rotate, TOKENS_WRITE);
            cfg.routes.post(TokenApi.SUSPEND, tokenApi::suspend, TOKENS_WRITE);
            cfg.routes.post(TokenApi.RESUME, tokenApi::resume, TOKENS_WRITE);

            cfg.routes.get(UserPages.LIST, userPages::list, USERS_WRITE);
            cfg.routes.post(UserPages.LIST, userPages::create, USERS_WRITE);
            cfg.routes.get(UserPages.NEW, userPages::newForm, USERS_WRITE);
            cfg.routes.get(UserPages.ACTION, userPages::dialog, USERS_WRITE);
            cfg.routes.post(UserPages.ACTION, userPages::act, USERS_WRITE);
            cfg.routes.post(UserApi.UNLOCK, new UserApi(users)::unlock, USERS_WRITE);

            cfg.routes.get(AgentApi.LIST, agentApi::list, AGENTS_READ);
            cfg.routes.get(AgentApi.ONE, agentApi::get, AGENTS_READ);
            cfg.routes.delete(AgentApi.ONE, agentApi::delete, AGENTS_WRITE);
            cfg.routes.get(AgentPages.LIST, agentPages::list, AGENTS_READ);
            cfg.routes.get(AgentPages.DELETE, agentPages::confirmDelete, AGENTS_WRITE);
            cfg.routes.post(AgentPages.DELETE, agentPages::delete, AGENTS_WRITE);

            cfg.routes.get(ConfigPages.LIST, configPages::list, CONFIGS_READ, ItemScope.LISTED);
            cfg.routes.post(ConfigPages.LIST, configPages::create, CONFIGS_WRITE);
            cfg.routes.get(ConfigPages.NEW, configPages::newForm, CONFIGS_WRITE);
            cfg.routes.get(ConfigPages.DETAIL, configPages::detail, CONFIGS_READ, ItemScope.ONE);
            cfg.routes.get(ConfigPages.ACTION, configPages::dialog, CONFIGS_WRITE, ItemScope.ONE);
            cfg.routes.post(ConfigPages.ACTION, configPages::act, CONFIGS_WRITE, ItemScope.ONE);
            cfg.routes.get(ConfigApi.LIST, configApi::list, CONFIGS_READ, ItemScope.LISTED);
            cfg.routes.post(ConfigApi.LIST, configApi::create, CONFIGS_WRITE);
            cfg.routes.get(ConfigApi.ONE, configApi::get, CONFIGS_READ, ItemScope.ONE);
            cfg.routes.put(ConfigApi.ONE, configApi::update, CONFIGS_WRITE, ItemScope.ONE);
            cfg.routes.delete(ConfigApi.ONE, configApi::delete, CONFIGS_WRITE, ItemScope.ONE);

            cfg.routes.get(AuditPages.LIST, auditPages::list, SETTINGS_READ);
            cfg.routes.get(AuditPages.CSV, auditPages::csv, SETTINGS_READ);
            cfg.routes.get(InfluxAuthApi.LIST, influxAuth::list, TOKENS_READ);
            cfg.routes.post(InfluxAuthApi.LIST, influxAuth::create, TOKENS_WRITE);
            cfg.routes.get(InfluxAuthApi.ONE, influxAuth::get, TOKENS_READ);
            cfg.routes.patch(InfluxAuthApi.ONE, influxAuth::update, TOKENS_WRITE);
            cfg.routes.delete(InfluxAuthApi.ONE, influxAuth::delete, TOKENS_WRITE);
            cfg.routes.get(InfluxTenantApi.ORGS, influxTenant::orgs, ANY_READ);
            cfg.routes.get(InfluxTenantApi.ORG, influxTenant::org, ANY_READ);
            cfg.routes.get(InfluxTenantApi.USERS, influxTenant::users, TOKENS_READ);
            cfg.routes.get(InfluxTenantApi.USER, influxTenant::user, TOKENS_READ);
            cfg.routes.get(InfluxTenantApi.ME, influxTenant::me, ANY_READ);

            cfg.routes.get(ApiDocs.PAGE, apiDocs::page, Public.SIGNED_IN);
            cfg.routes.get(ApiDocs.JSON, apiDocs::json, SIGNED_IN_OR_ANY_READ);
            cfg.routes.get(ApiDocs.YAML, apiDocs::yaml, SIGNED_IN_OR_ANY_READ);
        });
    }

    /** Roles with token pages start there; a Viewer gets a page that says what their role can do. */
    private static void home(Context ctx) {
        if (tokendesk.user.Principals.user(ctx).role().hasTokenPages()) {
            ctx.redirect(TokenPages.LIST, HttpStatus.SEE_OTHER);
        } else {
            tokendesk.web.Views.page(ctx, "home", Map.of());
        }
    }
}
