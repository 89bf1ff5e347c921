package de.stimmung.trainer.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

/**
 * Draws a confusion matrix as a JFreeChart heat map: predicted class on the x axis, true class on
 * the y axis (first label at the top), cell colour from white (0) to dark blue (the largest count),
 * the count written in every cell and a colour-scale legend on the right. Rendering is headless:
 * {@link #writePng} sets {@code java.awt.headless=true} unless the JVM already chose a mode.
 */
public final class ConfusionMatrixChart {

    private static final Color LOW = Color.WHITE;
    private static final Color HIGH = new Color(8, 48, 107);

    private final List<String> labels;
    private final int[][] counts;
    private final String title;

    /**
     * @param labels class names, in index order of both axes
     * @param counts {@code counts[true][predicted]}, square with one row per label
     * @param title  the chart title, e.g. {@code "netBn50 — pooled macro F1 0.6512"}
     */
    public ConfusionMatrixChart(List<String> labels, int[][] counts, String title) {
        if (counts.length != labels.size()) {
            throw new IllegalArgumentException("confusion matrix has " + counts.length + " rows but there are "
                    + labels.size() + " labels " + labels);
        }
        for (int[] row : counts) {
            if (row.length != labels.size()) {
                throw new IllegalArgumentException("confusion matrix must be " + labels.size() + " x " + labels.size()
                        + ", found a row of " + row.length);
            }
        }
        this.labels = List.copyOf(labels);
        this.counts = counts;
        this.title = title;
    }

    /** The chart object (for callers that want another format or size). */
    public JFreeChart chart() {
        int k = labels.size();
        double[][] xyz = new double[3][k * k];
        int max = 1;
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                int i = t * k + p;
                xyz[0][i] = p;
                xyz[1][i] = t;
                xyz[2][i] = counts[t][p];
                max = Math.max(max, counts[t][p]);
            }
        }
        DefaultXYZDataset data = new DefaultXYZDataset();
        data.addSeries("counts", xyz);

        String[] names = labels.toArray(String[]::new);
        SymbolAxis x = new SymbolAxis("predicted", names);
        x.setGridBandsVisible(false);
        x.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        SymbolAxis y = new SymbolAxis("true", names);
        y.setGridBandsVisible(false);
        y.setInverted(true);
        y.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

        CountScale scale = new CountScale(max);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineStroke(new BasicStroke(1f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        x.setRange(-0.5, k - 0.5);
        y.setRange(-0.5, k - 0.5);

        Font cellFont = new Font(Font.SANS_SERIF, Font.BOLD, 13);
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) {
                XYTextAnnotation a = new XYTextAnnotation(Integer.toString(counts[t][p]), p, t);
                a.setFont(cellFont);
                a.setPaint(counts[t][p] > max / 2.0 ? Color.WHITE : Color.BLACK);
                plot.addAnnotation(a);
            }
        }

        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        NumberAxis legendAxis = new NumberAxis("count");
        legendAxis.setRange(0, max);
        legendAxis.setTickUnit(new NumberTickUnit(legendStep(max)));
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        legend.setMargin(new RectangleInsets(40, 10, 40, 10));
        legend.setStripWidth(18);
        legend.setBackgroundPaint(Color.WHITE);
        chart.addSubtitle(legend);
        return chart;
    }

    /** A 1-2-5 step giving at most about 10 legend ticks (the legend does not pick one itself). */
    static int legendStep(int max) {
        for (int decade = 1; ; decade *= 10) {
            for (int m : new int[] {1, 2, 5}) {
                if (max / (m * decade) <= 10) {
                    return m * decade;
                }
            }
        }
    }

    /** Writes the chart as a PNG of the given size in pixels. */
    public void writePng(Path file, int widthPx, int heightPx) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        ChartUtils.saveChartAsPNG(file.toFile(), chart(), widthPx, heightPx);
    }

    /** Linear white-to-blue scale from 0 to the largest count. */
    private record CountScale(int max) implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return max;
        }

        @Override
        public Paint getPaint(double value) {
            double f = Math.max(0, Math.min(1, value / max));
            return new Color(mix(LOW.getRed(), HIGH.getRed(), f), mix(LOW.getGreen(), HIGH.getGreen(), f),
                    mix(LOW.getBlue(), HIGH.getBlue(), f));
        }

        private static int mix(int a, int b, double f) {
            return (int) Math.round(a + (b - a) * f);
        }
    }
}
