package de.stimmung.stream.monitor;

import de.stimmung.avro.EmotionAlert;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.avro.state.CallView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Folds each call's emotion events into its {@link CallView} (store {@link MonitorTopology#CALL_VIEW_STORE})
 * and forwards the alert changes {@link CallViewUpdater} decides. A wall-clock punctuator marks
 * silent calls ended and forgets them after the history retention. Store writes and forwarded
 * alerts commit together, so under {@code exactly_once_v2} an alert is written exactly once.
 */
final class CallMonitor implements Processor<String, EmotionEvent, String, EmotionAlert> {

    private final MonitorSettings settings;
    private final CallViewUpdater updater;
    private ProcessorContext<String, EmotionAlert> context;
    private KeyValueStore<String, CallView> views;
    private Sensor alerts;
    private long startedAtMs;
    /**
     * Wall-clock activity per call of this task (last seen, ended at or 0), so the punctuator
     * decodes only the views it changes, not every view every time; rebuilt from the store at init.
     */
    private final Map<String, long[]> activity = new HashMap<>();

    CallMonitor(MonitorSettings settings) {
        this.settings = settings;
        this.updater = new CallViewUpdater(settings);
    }

    @Override
    public void init(ProcessorContext<String, EmotionAlert> context) {
        this.context = context;
        this.views = context.getStateStore(MonitorTopology.CALL_VIEW_STORE);
        this.alerts = context.metrics().addRateTotalSensor("stimmung", "task-" + context.taskId(), "alert-changes",
                Sensor.RecordingLevel.INFO);
        this.startedAtMs = context.currentSystemTimeMs();
        try (KeyValueIterator<String, CallView> it = views.all()) {
            it.forEachRemaining(kv -> activity.put(kv.key, new long[] {kv.value.getLastSeenWallMs(), kv.value.getEndedWallMs()}));
        }
        context.schedule(settings.punctuateEvery(), PunctuationType.WALL_CLOCK_TIME, this::age);
    }

    @Override
    public void process(Record<String, EmotionEvent> record) {
        EmotionEvent event = record.value();
        if (event == null) {
            return; // nothing to show; the events topic has no tombstones of ours
        }
        String callId = event.getCallId();
        CallViewUpdater.Update update = updater.onEvent(views.get(callId), event, context.currentSystemTimeMs());
        views.put(callId, update.view());
        activity.put(callId, new long[] {update.view().getLastSeenWallMs(), 0L});
        update.alert().ifPresent(a -> {
            alerts.record();
            context.forward(new Record<>(callId, a, record.timestamp()));
        });
    }

    private void age(long now) {
        long endAfter = settings.endedAfter().toMillis();
        long keep = settings.retention().toMillis();
        List<String> due = new ArrayList<>();
        activity.forEach((callId, a) -> {
            long since = Math.max(a[1] == 0 ? a[0] : a[1], startedAtMs);
            if (now - since >= (a[1] == 0 ? endAfter : keep)) {
                due.add(callId);
            }
        });
        for (String callId : due) {
            CallView view = views.get(callId);
            if (view == null) {
                activity.remove(callId);
                continue;
            }
            switch (updater.age(view, now, startedAtMs)) {
                case ENDED -> {
                    views.put(callId, view);
                    activity.put(callId, new long[] {view.getLastSeenWallMs(), view.getEndedWallMs()});
                }
                case EXPIRED -> {
                    views.delete(callId);
                    activity.remove(callId);
                }
                case UNCHANGED -> activity.put(callId, new long[] {view.getLastSeenWallMs(), view.getEndedWallMs()});
            }
        }
    }
}
