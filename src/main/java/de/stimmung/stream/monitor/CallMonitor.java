package de.stimmung.stream.monitor;

import de.stimmung.avro.EmotionAlert;
import de.stimmung.avro.EmotionEvent;
import de.stimmung.avro.state.CallView;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
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
        update.alert().ifPresent(a -> {
            alerts.record();
            context.forward(new Record<>(callId, a, record.timestamp()));
        });
    }

    private void age(long now) {
        List<KeyValue<String, CallView>> changed = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, CallView> it = views.all()) {
            while (it.hasNext()) {
                KeyValue<String, CallView> kv = it.next();
                switch (updater.age(kv.value, now, startedAtMs)) {
                    case ENDED -> changed.add(kv);
                    case EXPIRED -> expired.add(kv.key);
                    case UNCHANGED -> { }
                }
            }
        }
        changed.forEach(kv -> views.put(kv.key, kv.value));
        expired.forEach(views::delete);
    }
}
