package de.stimmung.trainer.report;

import de.stimmung.trainer.cv.CalibrationMetrics;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws reliability diagrams with JFreeChart: per series, the accuracy of each non-empty
 * confidence bin against its mean confidence, beside the diagonal of perfect calibration; the
 * legend gives each series' expected calibration error. Colours come from the Okabe-Ito palette
 * (distinguishable with colour-blindness). Rendering is headless.
 */
public final class ReliabilityDiagram {

    private static final Color[] OKABE_ITO = {new Color(0xE69F00), new Color(0x56B4E9), new Color(0x009E73),
        new Color(0xD55E00), new Color(0xCC79A7), new Color(0x0072B2), new Color(0xF0E442)};

    private final Map<String, CalibrationMetrics> series;
    private final String title;

    /**
     * @param series the curves, by legend name, in legend order
     * @param title  the chart title
     */
    public ReliabilityDiagram(Map<String, CalibrationMetrics> series, String title) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("a reliability diagram needs at least one series");
        }
        this.series = new LinkedHashMap<>(series);
        this.title = title;
    }

    JFreeChart chart() {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries diagonal = new XYSeries("perfect calibration");
        diagonal.add(0, 0);
        diagonal.add(1, 1);
        data.addSeries(diagonal);
        for (Map.Entry<String, CalibrationMetrics> e : series.entrySet()) {
            CalibrationMetrics m = e.getValue();
            XYSeries s = new XYSeries(String.format(Locale.ROOT, "%s (ECE %.3f)", e.getKey(), m.ece()));
            for (int b = 0; b < m.binCount().length; b++) {
                if (m.binCount()[b] > 0) {
                    s.add(m.binConfidence()[b], m.binAccuracy()[b]);
                }
            }
            data.addSeries(s);
        }
        NumberAxis x = new NumberAxis("confidence (top-class probability)");
        NumberAxis y = new NumberAxis("accuracy");
        x.setRange(0, 1);
        y.setRange(0, 1);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, Color.GRAY);
        renderer.setSeriesShapesVisible(0, false);
        renderer.setSeriesStroke(0, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));
        for (int i = 1; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, OKABE_ITO[(i - 1) % OKABE_ITO.length]);
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Writes the diagram as a PNG of the given size. */
    public void writePng(Path file, int widthPx, int heightPx) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart(), widthPx, heightPx);
    }
}
