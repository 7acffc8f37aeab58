package tokendesk.token;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.StatementContext;
import tokendesk.permission.PermissionSet;

/** How a token's permissions (one text column in PermissionSet's own form) and allowed addresses are stored. */
public final class PermissionSetColumns {
    private PermissionSetColumns() {
    }

    public static final class Mapper implements ColumnMapper<PermissionSet> {
        @Override
        public PermissionSet map(ResultSet rs, int column, StatementContext ctx) throws SQLException {
            return PermissionSet.parseStored(rs.getString(column));
        }
    }

    public static final class Binder extends AbstractArgumentFactory<PermissionSet> {
        public Binder() {
            super(Types.VARCHAR);
        }

        @Override
        protected Argument build(PermissionSet value, ConfigRegistry config) {
            // the configs a token names live in token_configs (NamedConfigs), so a deleted config drops out of it
            return (position, statement, ctx) -> statement.setString(position, value.withoutItems().toString());
        }
    }

    public static final class AddressesMapper implements ColumnMapper<AllowedAddresses> {
        @Override
        public AllowedAddresses map(ResultSet rs, int column, StatementContext ctx) throws SQLException {
            return AllowedAddresses.fromStored(rs.getString(column));
        }
    }
}
