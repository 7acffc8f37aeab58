package tokendesk.token;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import org.h2.api.Trigger;

/**
 * Feeds {@link DescriptionIndex} on H2 (V28): after each insert into {@code tokens} and each update that changes a
 * description, in the writing transaction, whichever code or tool writes. A database no server has an index for (a
 * seeding tool's, a migration's) is left alone. V28 stores this class's name in the database: it must not move.
 */
public final class DescriptionTrigger implements Trigger {
    private String databaseKey;
    private int idColumn = -1;
    private int descriptionColumn = -1;

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type)
            throws SQLException {
        try (var statement = conn.createStatement(); var key = statement.executeQuery(DescriptionIndex.KEY_SQL)) {
            key.next();
            databaseKey = key.getString(1);
        }
        try (var columns = conn.getMetaData().getColumns(null, schemaName, tableName, null)) {
            while (columns.next()) {
                switch (columns.getString("COLUMN_NAME").toLowerCase()) {
                    case "id" -> idColumn = columns.getInt("ORDINAL_POSITION") - 1;
                    case "description" -> descriptionColumn = columns.getInt("ORDINAL_POSITION") - 1;
                    default -> { }
                }
            }
        }
        if (idColumn < 0 || descriptionColumn < 0) {
            throw new SQLException("DescriptionTrigger needs the columns id and description of " + tableName);
        }
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) {
        if (newRow == null) {
            return;
        }
        var description = (String) newRow[descriptionColumn];
        if (oldRow == null || !Objects.equals(oldRow[descriptionColumn], description)) {
            for (var index : DescriptionIndex.of(databaseKey)) {
                index.described((String) newRow[idColumn], description);
            }
        }
    }
}
