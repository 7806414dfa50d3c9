package io.liftwatch.ingest;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * Batches take their lifts' row locks in the order they left the queue. Whether a status report repeats its
 * predecessor is decided under those locks ({@link StatusChanges}): had a later batch locked a lift first, it
 * would compare a report with a predecessor older than one still waiting in an earlier batch, and could drop
 * a real change (a door that closed again) as a repeat. A batch waits only until the one before it holds its
 * locks, so writers still overlap, and wait on each other only for the lifts they share.
 * A batch retried after a failure has passed its turn already and locks when it can: that rare case, and
 * batches of other ingest instances, may still compare with an older predecessor.
 */
final class LockTurns {
    private long issued;
    private long current;
    private final Set<Long> passedEarly = new HashSet<>();
    private int waiting;

    /** How many batches wait for their turn now. */
    synchronized int waiting() {
        return waiting;
    }

    /** A batch's place in the order; issue it in the same step that takes the batch from the queue. */
    synchronized Turn issue() {
        return new Ticket(issued++);
    }

    /** When a batch may lock, and when it has. */
    interface Turn {
        /** No order: for single messages and callers with one batch at a time. */
        Turn NONE = new Turn() {
            @Override
            public void await() {
            }

            @Override
            public void pass() {
            }
        };

        /** Returns once every earlier batch holds its locks (or has given up its turn). */
        void await() throws SQLException;

        /** This batch holds its locks, or will not take them: the next may go. Repeated calls count once. */
        void pass();
    }

    private final class Ticket implements Turn {
        private final long number;

        private Ticket(long number) {
            this.number = number;
        }

        @Override
        public void await() throws SQLException {
            synchronized (LockTurns.this) {
                waiting++;
                try {
                    while (current < number) {
                        LockTurns.this.wait();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while the batch before took its locks", e);
                } finally {
                    waiting--;
                }
            }
        }

        @Override
        public void pass() {
            synchronized (LockTurns.this) {
                if (number < current || !passedEarly.add(number)) {
                    return;
                }
                while (passedEarly.remove(current)) {
                    current++;
                }
                LockTurns.this.notifyAll();
            }
        }
    }
}
