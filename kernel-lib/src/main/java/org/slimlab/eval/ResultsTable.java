package org.slimlab.eval;

import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Renders {@link DetMetrics} as a Tablesaw table and as the Ultralytics validation printout. */
final class ResultsTable {
    private static final String HEADER = "%22s%11s%11s%11s%11s%11s%11s";
    private static final String ROW = "%22s%11d%11d%11s%11s%11s%11s";

    private ResultsTable() {
    }

    static Table table(DetMetrics m) {
        List<ClassResult> rows = m.classes();
        int n = rows.size() + 1;
        String[] cls = new String[n];
        int[] images = new int[n];
        int[] instances = new int[n];
        double[] p = new double[n];
        double[] r = new double[n];
        double[] map50 = new double[n];
        double[] map = new double[n];
        cls[0] = "all";
        images[0] = m.images();
        instances[0] = m.instances();
        p[0] = m.precision();
        r[0] = m.recall();
        map50[0] = m.map50();
        map[0] = m.map50_95();
        for (int i = 1; i < n; i++) {
            ClassResult c = rows.get(i - 1);
            cls[i] = c.name();
            images[i] = c.images();
            instances[i] = c.instances();
            p[i] = c.precision();
            r[i] = c.recall();
            map50[i] = c.map50();
            map[i] = c.map50_95();
        }
        return Table.create("val",
                StringColumn.create("Class", cls),
                IntColumn.create("Images", images),
                IntColumn.create("Instances", instances),
                DoubleColumn.create("P", p),
                DoubleColumn.create("R", r),
                DoubleColumn.create("mAP50", map50),
                DoubleColumn.create("mAP50-95", map));
    }

    static String text(DetMetrics m) {
        String nl = System.lineSeparator();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, HEADER, "Class", "Images", "Instances", "Box(P", "R", "mAP50", "mAP50-95)"));
        sb.append(nl).append(row("all", m.images(), m.instances(), m.precision(), m.recall(), m.map50(), m.map50_95()));
        if (m.instances() == 0) {
            sb.append(nl).append("warning: no labels found, metrics need labels");
        }
        if (m.names().size() > 1) {
            for (ClassResult c : m.classes()) {
                sb.append(nl).append(row(c.name(), c.images(), c.instances(), c.precision(), c.recall(), c.map50(),
                        c.map50_95()));
            }
        }
        sb.append(nl).append("Speed: " + CFormat.f(m.nmsMsPerImage(), 1) + "ms NMS per image");
        return sb.toString();
    }

    private static String row(String name, int images, int instances, double p, double r, double map50, double map) {
        return String.format(Locale.ROOT, ROW, name, images, instances, CFormat.g(p, 3), CFormat.g(r, 3), CFormat.g(map50, 3),
                CFormat.g(map, 3));
    }
}
