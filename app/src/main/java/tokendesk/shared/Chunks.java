package tokendesk.shared;

import java.util.ArrayList;
import java.util.List;

/** Cuts a list into consecutive groups, for statements and transactions that take a bounded number of rows. */
public final class Chunks {
    private Chunks() {
    }

    /** {@code items} in consecutive groups of {@code size} (the last one may be smaller); views, not copies. */
    public static <T> List<List<T>> of(List<T> items, int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive, got " + size);
        }
        var groups = new ArrayList<List<T>>();
        for (int from = 0; from < items.size(); from += size) {
            groups.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return groups;
    }
}
