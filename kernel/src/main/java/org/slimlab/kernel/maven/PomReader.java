package org.slimlab.kernel.maven;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a pom file into a {@link RawPom}: parent, coordinates, properties, dependencies, management. */
final class PomReader {

    private PomReader() {
    }

    static RawPom read(Path file) {
        Element project;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            Document doc = b.parse(file.toFile());
            project = doc.getDocumentElement();
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new ResolutionException("cannot read pom " + file + ": " + e.getMessage(), e);
        }
        Element parentEl = child(project, "parent");
        Coordinates parent = parentEl == null ? null
                : new Coordinates(text(parentEl, "groupId"), text(parentEl, "artifactId"), text(parentEl, "version"), "pom", "");
        Map<String, String> props = new LinkedHashMap<>();
        Element propsEl = child(project, "properties");
        if (propsEl != null) {
            for (Element p : children(propsEl)) {
                props.put(p.getTagName(), p.getTextContent().trim());
            }
        }
        Element mgmt = child(project, "dependencyManagement");
        return new RawPom(parent, text(project, "groupId"), text(project, "artifactId"), text(project, "version"),
                props, dependencies(project), mgmt == null ? List.of() : dependencies(mgmt));
    }

    private static List<Dependency> dependencies(Element owner) {
        Element deps = child(owner, "dependencies");
        List<Dependency> out = new ArrayList<>();
        if (deps == null) {
            return out;
        }
        for (Element d : children(deps)) {
            if (!d.getTagName().equals("dependency")) {
                continue;
            }
            List<String> exclusions = new ArrayList<>();
            Element excl = child(d, "exclusions");
            if (excl != null) {
                for (Element e : children(excl)) {
                    exclusions.add(text(e, "groupId") + ":" + text(e, "artifactId"));
                }
            }
            out.add(new Dependency(text(d, "groupId"), text(d, "artifactId"), text(d, "version"), text(d, "type"),
                    text(d, "classifier"), text(d, "scope"), "true".equals(text(d, "optional")), exclusions));
        }
        return out;
    }

    private static Element child(Element parent, String name) {
        for (Element e : children(parent)) {
            if (e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        if (e == null) {
            return null;
        }
        String t = e.getTextContent().trim();
        return t.isEmpty() ? null : t;
    }
}
