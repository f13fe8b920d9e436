package kg.neo4jserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * A Neo4j 5 Community DBMS with Bolt on 127.0.0.1:PORT and authentication on, for local use.
 *
 * <p>Usage: {@code Launcher HOME PORT USER PASSWORD_FILE} (a file, so the password is not in
 * {@code ps} output). HOME holds the databases, transaction logs
 * and logs. Once the user's password is set (so clients never meet the "change your password"
 * state) it writes {@code HOME/ready} with the port, then runs until SIGTERM, when it shuts the
 * DBMS down cleanly so the store needs no recovery on the next start.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: Launcher HOME PORT USER PASSWORD_FILE");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String user = args[2];
        String password = Files.readString(Path.of(args[3])).strip();
        Path ready = home.resolve("ready");
        Files.deleteIfExists(ready);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // a development server beside other processes: small page cache, not 50% of RAM
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(128))
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(ready);
            } catch (IOException ignored) {
                // the PID file is what scripts/neo4j-local trusts; a stale ready file is rewritten
            }
            dbms.shutdown();
            stopped.countDown();
        }, "neo4j-shutdown"));

        setPassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), user, password);
        Files.writeString(ready, port + "\n");
        System.out.println("ready on bolt://127.0.0.1:" + port);
        stopped.await();
    }

    /**
     * Community has one admin user, {@code neo4j}, created with a password that must be changed.
     * Setting it through the system database (embedded transactions run with full rights) clears
     * that flag; Neo4j refuses to set the password it already has, which then means it is set.
     */
    private static void setPassword(GraphDatabaseService system, String user, String password) {
        Map<String, Object> params = Map.of("password", password);
        boolean exists = system.executeTransactionally(
                "SHOW USERS YIELD user WHERE user = $user RETURN count(*) AS n",
                Map.of("user", user),
                result -> ((Number) result.next().get("n")).longValue() > 0);
        if (!exists) {
            system.executeTransactionally(
                    "CREATE USER `" + user.replace("`", "``") + "` SET PASSWORD $password CHANGE NOT REQUIRED",
                    params);
            return;
        }
        try {
            system.executeTransactionally(
                    "ALTER USER `" + user.replace("`", "``") + "` SET PASSWORD $password CHANGE NOT REQUIRED",
                    params);
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }
}
