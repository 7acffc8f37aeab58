package tokendesk.agent;

/**
 * One agent with what its heartbeats stored: the list's summary, and its last statistics and configurations (the
 * JSON they came as; null when none was sent).
 */
public record Agent(AgentSummary summary, String statistics, String configurations) {
}
