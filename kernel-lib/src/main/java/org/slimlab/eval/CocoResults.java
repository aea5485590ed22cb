package org.slimlab.eval;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slimlab.SlimException;

/**
 * Collects detections as COCO results and writes them as json: a list of
 * {@code {"image_id": "<stem>", "category_id": <0-based class>, "bbox": [x, y, w, h], "score": s}} in original
 * image pixels. Boxes are rounded to 3 decimals and scores to 5, as Ultralytics writes them.
 */
public final class CocoResults {
    private final List<CocoDetection> rows = new ArrayList<>();

    /**
     * Adds the detections of one image whose boxes are already in original pixels.
     *
     * @throws SlimException when a box or score is not finite
     */
    public void add(String imageStem, Detections original) {
        for (int i = 0; i < original.size(); i++) {
            float x1 = original.x1(i);
            float y1 = original.y1(i);
            if (!Float.isFinite(x1 + y1 + original.x2(i) + original.y2(i) + original.score(i))) {
                throw new SlimException("image " + imageStem + ": detection " + i + " has a non-finite box or score");
            }
            rows.add(new CocoDetection(imageStem, original.cls(i), round(x1, 3), round(y1, 3),
                    round(original.x2(i) - x1, 3), round(original.y2(i) - y1, 3), round(original.score(i), 5)));
        }
    }

    /** Adds the detections of one image given in letterboxed pixels, mapping them back first. */
    public void add(String imageStem, Detections letterboxed, LetterboxMap map) {
        add(imageStem, map.toOriginal(letterboxed));
    }

    /** The collected entries, in insertion order. */
    public List<CocoDetection> detections() {
        return Collections.unmodifiableList(rows);
    }

    /** Number of entries. */
    public int size() {
        return rows.size();
    }

    /** The entries as a json array. */
    public String toJson() {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (CocoDetection d : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("image_id", d.imageId());
            m.put("category_id", d.categoryId());
            m.put("bbox", d.bbox());
            m.put("score", d.score());
            out.add(m);
        }
        return new Gson().toJson(out);
    }

    /**
     * Writes the json to {@code file}, creating its directory.
     *
     * @throws SlimException naming the file when it cannot be written
     */
    public Path write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write(toJson());
            }
            return file;
        } catch (IOException e) {
            throw new SlimException(file + ": cannot write COCO results: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a COCO results json.
     *
     * @throws SlimException naming the file and the entry at fault
     */
    public static List<CocoDetection> read(Path file) {
        JsonElement root;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = JsonParser.parseReader(r);
        } catch (IOException | JsonParseException e) {
            throw new SlimException(file + ": not a readable json file: " + e.getMessage(), e);
        }
        if (!root.isJsonArray()) {
            throw new SlimException(file + ": expected a json array of detections");
        }
        JsonArray array = root.getAsJsonArray();
        List<CocoDetection> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            out.add(entry(file, i, array.get(i)));
        }
        return out;
    }

    private static CocoDetection entry(Path file, int i, JsonElement e) {
        String where = file + ": entry " + i;
        if (!e.isJsonObject()) {
            throw new SlimException(where + ": expected an object");
        }
        JsonObject o = e.getAsJsonObject();
        for (String key : new String[] {"image_id", "category_id", "bbox", "score"}) {
            if (!o.has(key) || o.get(key).isJsonNull()) {
                throw new SlimException(where + ": missing \"" + key + "\"");
            }
        }
        try {
            JsonArray b = o.getAsJsonArray("bbox");
            if (b.size() != 4) {
                throw new SlimException(where + ": bbox must have 4 numbers, got " + b.size());
            }
            return new CocoDetection(o.get("image_id").getAsString(), o.get("category_id").getAsInt(),
                    b.get(0).getAsDouble(), b.get(1).getAsDouble(), b.get(2).getAsDouble(), b.get(3).getAsDouble(),
                    o.get("score").getAsDouble());
        } catch (ClassCastException | IllegalStateException | NumberFormatException ex) {
            throw new SlimException(where + ": malformed value: " + ex.getMessage(), ex);
        }
    }

    private static double round(double v, int decimals) {
        return new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).doubleValue();
    }
}
