package tokendesk.user;

/**
 * Deletes a user with every token they own, all or nothing (the token feature does it, with its bulk deletes), and
 * says how many tokens that takes.
 */
public interface UserDeletion {
    /** Deletes the user {@code actor} may delete, and their tokens; returns how many tokens went. */
    int deleteWithTokens(User actor, String userId);

    /** How many tokens the user owns: what deleting them takes with them. */
    int tokensOf(String userId);
}
