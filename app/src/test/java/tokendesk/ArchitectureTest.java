package tokendesk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

/** The package rules: features point one way, infrastructure knows no feature, services and DAOs know no HTTP. */
class ArchitectureTest {
    private static final String[] FEATURES = {"tokendesk.agent..", "tokendesk.audit..", "tokendesk.auth..",
        "tokendesk.config..", "tokendesk.docs..", "tokendesk.influx..", "tokendesk.metrics..", "tokendesk.permission..",
        "tokendesk.token..", "tokendesk.user.."};
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("tokendesk");

    @Test
    void no_package_cycles() {
        slices().matching("tokendesk.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void only_the_composition_root_knows_the_composition_root() {
        noClasses().that().resideOutsideOfPackage("tokendesk").should().dependOnClassesThat()
                .resideInAPackage("tokendesk").check(MAIN);
    }

    @Test
    void shared_infrastructure_imports_no_feature_and_no_web() {
        noClasses().that().resideInAPackage("tokendesk.shared..").should().dependOnClassesThat()
                .resideInAnyPackage(withWeb(FEATURES)).check(MAIN);
    }

    @Test
    void web_imports_no_feature() {
        noClasses().that().resideInAPackage("tokendesk.web..").should().dependOnClassesThat()
                .resideInAnyPackage(FEATURES).check(MAIN);
    }

    /** Permissions are values every layer uses (they are the routes' roles too): they depend on no feature. */
    @Test
    void permissions_depend_on_no_feature() {
        classes().that().resideInAPackage("tokendesk.permission..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("tokendesk.permission..", "tokendesk.shared..", "java..", "io.javalin.security..").check(MAIN);
    }

    @Test
    void services_rules_and_daos_speak_the_domain_not_http() {
        noClasses().that().haveSimpleNameEndingWith("Service").or().haveSimpleNameEndingWith("Dao")
                .or().haveSimpleNameEndingWith("Rules").or().haveSimpleNameEndingWith("Queries")
                .or().haveSimpleNameEndingWith("Changes").or().haveSimpleNameEndingWith("Authentication")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "jakarta.servlet..", "tokendesk.web..")
                .check(MAIN);
    }

    @Test
    void a_dao_is_used_inside_its_own_feature_only() {
        classes().that().haveSimpleNameEndingWith("Dao").should(beUsedOnlyInTheirOwnPackage()).check(MAIN);
    }

    private static ArchCondition<JavaClass> beUsedOnlyInTheirOwnPackage() {
        return new ArchCondition<>("be used only in their own package") {
            @Override
            public void check(JavaClass dao, ConditionEvents events) {
                for (var access : dao.getDirectDependenciesToSelf()) {
                    var user = access.getOriginClass();
                    if (!user.getPackageName().equals(dao.getPackageName())) {
                        events.add(SimpleConditionEvent.violated(access, access.getDescription()));
                    }
                }
            }
        };
    }

    private static String[] withWeb(String[] packages) {
        var all = java.util.Arrays.copyOf(packages, packages.length + 1);
        all[packages.length] = "tokendesk.web..";
        return all;
    }
}
