package tokendesk.token;

import java.util.List;

/** One page of the token list and what is needed to draw the pager. */
public record TokenPage(List<Token> tokens, int total, TokenListQuery query) {
    public int pageCount() {
        return Math.max(1, (total + query.limit() - 1) / query.limit());
    }

    public int firstRow() {
        return total == 0 ? 0 : query.offset() + 1;
    }

    public int lastRow() {
        return query.offset() + tokens.size();
    }

    public boolean hasPrevious() {
        return query.page() > 1;
    }

    public boolean hasNext() {
        return query.page() < pageCount();
    }
}
