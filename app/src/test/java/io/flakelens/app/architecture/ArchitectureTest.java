package io.flakelens.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.flakelens.store.Database;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.RandomAccessFile;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLConnection;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seams of the house, checked on the compiled classes of all three modules. */
class ArchitectureTest {
    static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.flakelens");
    }

    @Test
    void core_does_no_file_or_network_io() {
        noClasses()
                .that()
                .resideInAPackage("io.flakelens.core..")
                .should()
                .dependOnClassesThat()
                .belongToAnyOf(
                        Files.class,
                        File.class,
                        FileInputStream.class,
                        FileOutputStream.class,
                        FileReader.class,
                        FileWriter.class,
                        RandomAccessFile.class,
                        FileChannel.class,
                        Socket.class,
                        ServerSocket.class,
                        URLConnection.class,
                        HttpURLConnection.class)
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage("java.net.http..", "java.sql..")
                .because("core is the domain and its algorithms: callers hand it streams and rows")
                .check(classes);
    }

    @Test
    void modules_depend_downwards_only() {
        noClasses()
                .that()
                .resideInAPackage("io.flakelens.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.flakelens.store..", "io.flakelens.app..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("io.flakelens.store..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.flakelens.app..")
                .check(classes);
    }

    @Test
    void the_server_and_the_command_line_share_the_json_contract_not_each_other() {
        noClasses()
                .that()
                .resideInAPackage("io.flakelens.app.serve..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.flakelens.app.cli..")
                .because("response shapes and the default window live in app.contract, which both use")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("io.flakelens.app.contract..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.flakelens.app.cli..", "io.flakelens.app.serve..")
                .check(classes);
    }

    @Test
    void only_the_store_knows_which_database_it_is() {
        // StoreAccess reports the name on /healthz; it does not branch on it
        noClasses()
                .that()
                .resideOutsideOfPackage("io.flakelens.store..")
                .and()
                .doNotHaveFullyQualifiedName("io.flakelens.app.serve.StoreAccess")
                .should()
                .callMethod(Database.class, "dialectName")
                .because("behaviour that differs between DuckDB and PostgreSQL is a store capability")
                .check(classes);
    }
}
