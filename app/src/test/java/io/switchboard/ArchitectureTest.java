package io.switchboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules of DEVELOPERS.md: domain packages see neither Jetty nor JDBC, adapters do not know each other. */
@AnalyzeClasses(packages = "io.switchboard", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String[] DOMAIN = {
        "io.switchboard.catalog..",
        "io.switchboard.routing..",
        "io.switchboard.accounting..",
        "io.switchboard.keys..",
        "io.switchboard.identity..",
        "io.switchboard.analytics..",
        "io.switchboard.config.."
    };

    @ArchTest
    static final ArchRule domainDoesNotSeeJetty = noClasses()
            .that()
            .resideInAnyPackage(DOMAIN)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.eclipse.jetty..");

    @ArchTest
    static final ArchRule onlyStorageTouchesJdbc = noClasses()
            .that()
            .resideOutsideOfPackages("io.switchboard.storage..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("java.sql..", "org.jdbi..", "org.flywaydb..", "com.zaxxer..");

    @ArchTest
    static final ArchRule routingSeesNoWireFormats = noClasses()
            .that()
            .resideInAPackage("io.switchboard.routing..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("tools.jackson..", "io.switchboard.providers..", "io.switchboard.api..");

    @ArchTest
    static final ArchRule onlyProvidersUseTheJettyClient = noClasses()
            .that()
            .resideOutsideOfPackages("io.switchboard.providers.http..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.eclipse.jetty.client..");

    @ArchTest
    static final ArchRule providersDoNotSeeTheApiOrStorage = noClasses()
            .that()
            .resideInAPackage("io.switchboard.providers..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.switchboard.api..", "io.switchboard.storage..", "io.switchboard.server..");

    @ArchTest
    static final ArchRule adaptersDoNotKnowEachOther = noClasses()
            .that()
            .resideInAPackage("io.switchboard.providers.openai..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.switchboard.providers.anthropic..", "io.switchboard.providers.gemini..");

    @ArchTest
    static final ArchRule domainDoesNotReachUp = noClasses()
            .that()
            .resideInAnyPackage(DOMAIN)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "io.switchboard.api..",
                    "io.switchboard.server..",
                    "io.switchboard.cli..",
                    "io.switchboard.web..",
                    "io.switchboard.storage..");
}
