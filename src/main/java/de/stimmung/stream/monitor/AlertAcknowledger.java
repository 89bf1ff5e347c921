package de.stimmung.stream.monitor;

import de.stimmung.avro.AlertAck;
import de.stimmung.avro.EmotionAlert;
import de.stimmung.avro.state.CallView;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Applies supervisors' acknowledgements (topic {@link MonitorSettings#acksTopic()}) to the call
 * views and forwards the ACKNOWLEDGED alert; a repeated or stale acknowledgement changes nothing.
 */
final class AlertAcknowledger implements Processor<String, AlertAck, String, EmotionAlert> {

    private final CallViewUpdater updater;
    private ProcessorContext<String, EmotionAlert> context;
    private KeyValueStore<String, CallView> views;

    AlertAcknowledger(MonitorSettings settings) {
        this.updater = new CallViewUpdater(settings);
    }

    @Override
    public void init(ProcessorContext<String, EmotionAlert> context) {
        this.context = context;
        this.views = context.getStateStore(MonitorTopology.CALL_VIEW_STORE);
    }

    @Override
    public void process(Record<String, AlertAck> record) {
        AlertAck ack = record.value();
        if (ack == null || ack.getCallId() == null) {
            return;
        }
        CallView view = views.get(ack.getCallId());
        updater.onAck(view, ack).ifPresent(alert -> {
            views.put(ack.getCallId(), view);
            context.forward(new Record<>(ack.getCallId(), alert, record.timestamp()));
        });
    }
}
