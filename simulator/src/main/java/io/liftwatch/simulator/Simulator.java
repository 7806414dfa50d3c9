package io.liftwatch.simulator;

import io.liftwatch.common.registry.Card;
import io.liftwatch.common.registry.Household;
import io.liftwatch.common.registry.Lift;
import io.liftwatch.common.registry.Registry;
import io.liftwatch.common.registry.RegistryJson;
import io.liftwatch.common.wire.LiftMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A fleet of simulated lifts publishing over MQTT: either live (simulated time runs at a speed factor
 * from now) or as a replay of a period as fast as the broker acknowledges. Every publish and every
 * acknowledgement is in the {@link #ledger()}.
 */
public final class Simulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);

    private final SimulatorConfig config;
    private final Registry registry;
    private final Ledger ledger = new Ledger();
    private final FleetPublisher publisher;
    private final List<LiftModel> models = new ArrayList<>();
    private final Random random;
    private ScheduledExecutorService ticker;

    public Simulator(SimulatorConfig config) {
        this(config, FleetPlan.generate(config.lifts(), config.seed()));
    }

    public Simulator(SimulatorConfig config, Registry registry) {
        this.config = config;
        this.registry = registry;
        this.random = new Random(config.seed());
        this.publisher = new FleetPublisher(config.mqtt(), "lw-sim-" + config.seed(), 1_000, ledger);
    }

    public Registry registry() {
        return registry;
    }

    /** Writes the fleet's registry as a JSON registry file where the configuration asks for one. */
    public void writeRegistryFile() throws IOException {
        if (config.registryFile() != null) {
            Files.writeString(Path.of(config.registryFile()), RegistryJson.toJson(registry).encodePrettily());
            LOG.info("registry of {} lifts written to {}", registry.lifts().size(), config.registryFile());
        }
    }

    public Ledger ledger() {
        return ledger;
    }

    public FleetPublisher publisher() {
        return publisher;
    }

    /** Builds the lifts' models at {@code startMillis} and connects them; each announces itself online. */
    public void connect(long startMillis) throws InterruptedException {
        Map<String, Map<String, List<List<String>>>> cards = cardsByStairwellAndFloor(registry);
        for (Lift lift : registry.lifts()) {
            models.add(new LiftModel(lift, cards.getOrDefault(lift.stairwellId(), Map.of()), config.behaviour(),
                    config.seed() * 31 + lift.id().hashCode(), startMillis));
        }
        boolean ownConnections = models.size() <= config.ownConnectionsUpTo();
        if (!ownConnections) {
            publisher.connectShared(Math.min(8, Math.max(1, models.size() / 100)));
        }
        for (LiftModel model : models) {
            if (ownConnections) {
                publisher.connectLift(model);
            } else {
                publisher.publish(model.connect());
            }
            publisher.publish(model.status());
        }
    }

    /** Advances every lift to {@code untilMillis} and publishes what they sent; returns the count. */
    public int advance(long untilMillis) throws InterruptedException {
        int count = 0;
        for (LiftModel model : models) {
            for (LiftMessage message : model.advance(untilMillis)) {
                publisher.publish(message);
                count++;
            }
        }
        return count;
    }

    /** Runs simulated time from now at the configured speed until {@link #close()}. */
    public void startLive(long tickMillis) {
        long realStart = System.currentTimeMillis();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "liftwatch-simulator");
            thread.setDaemon(true);
            return thread;
        });
        ticker.scheduleWithFixedDelay(() -> {
            long simulated = realStart + (long) ((System.currentTimeMillis() - realStart) * config.speed());
            try {
                advance(simulated);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("simulation tick failed", e);
            }
        }, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    /** Publishes {@code count} messages again, chosen at random among those already published. */
    public int injectDuplicates(int count) throws InterruptedException {
        List<LiftMessage> sent = ledger.publishedMessages();
        sent.sort(java.util.Comparator.comparing(LiftMessage::liftId)
                .thenComparingLong(m -> m.envelope().boot()).thenComparingLong(m -> m.envelope().seq()));
        for (int i = 0; i < count && !sent.isEmpty(); i++) {
            publisher.publish(sent.get(random.nextInt(sent.size())));
        }
        return Math.min(count, sent.size());
    }

    /** Publishes one message of every class ingest must refuse; returns them with their expected reasons. */
    public List<BadMessages.Bad> injectBadMessages(String unknownLift, int maxPayload) throws InterruptedException {
        String lift = registry.lifts().get(0).id();
        String other = registry.lifts().get(registry.lifts().size() > 1 ? 1 : 0).id();
        List<BadMessages.Bad> bad = BadMessages.all(lift, other, unknownLift, System.currentTimeMillis(), maxPayload);
        for (BadMessages.Bad message : bad) {
            publisher.publishRaw(message.topic(), message.payload(), false, null);
        }
        return bad;
    }

    /** For each stairwell and floor label, the households living there, each as the list of its cards. */
    public static Map<String, Map<String, List<List<String>>>> cardsByStairwellAndFloor(Registry registry) {
        Map<String, List<String>> cardsByHousehold = new HashMap<>();
        for (Card card : registry.cards()) {
            cardsByHousehold.computeIfAbsent(card.householdId(), k -> new ArrayList<>()).add(card.id());
        }
        Map<String, Map<String, List<List<String>>>> result = new HashMap<>();
        for (Household household : registry.households()) {
            List<String> cards = cardsByHousehold.get(household.id());
            if (cards != null) {
                result.computeIfAbsent(household.stairwellId(), k -> new HashMap<>())
                        .computeIfAbsent(household.floor(), k -> new ArrayList<>()).add(List.copyOf(cards));
            }
        }
        return result;
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        publisher.close();
    }
}
