package tokendesk.token;

import java.util.List;

/**
 * One page of the token list and what is needed to draw the pager. {@code more}: more than {@code total} tokens match;
 * the list counts only that far (see TokenQueries), so the last page is not known, and {@code followed} tells whether
 * a token comes after this page.
 */
public record TokenPage(List<Token> tokens, int total, boolean more, boolean followed, TokenListQuery query) {
    public TokenPage(List<Token> tokens, int total, TokenListQuery query) {
        this(tokens, total, false, false, query);
    }

    /** This page with its tokens replaced, as read again with more of each. */
    public TokenPage withTokens(List<Token> replaced) {
        return new TokenPage(replaced, total, more, followed, query);
    }

    /** The pages known to hold tokens: at least this many when {@link #more()}. */
    public int pageCount() {
        int counted = Math.max(1, (total + query.limit() - 1) / query.limit());
        return more ? Math.max(counted, query.page() + (hasNext() ? 1 : 0)) : counted;
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
        return more ? followed : query.page() < pageCount();
    }
}
