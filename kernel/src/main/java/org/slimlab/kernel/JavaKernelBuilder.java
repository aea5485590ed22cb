package org.slimlab.kernel;

import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.slimlab.kernel.execution.Evaluator;
import org.slimlab.kernel.execution.StartupImports;
import org.slimlab.kernel.magic.ClasspathMagic;
import org.slimlab.kernel.magic.DocMagic;
import org.slimlab.kernel.magic.JarsMagic;
import org.slimlab.kernel.magic.LoadMagic;
import org.slimlab.kernel.magic.LsMagic;
import org.slimlab.kernel.magic.Magic;
import org.slimlab.kernel.magic.MavenMagic;
import org.slimlab.kernel.maven.DependencyResolver;
import org.slimlab.kernel.maven.Repository;
import org.slimlab.notebook.Slim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Assembles a {@link JavaKernel}: its evaluator, magics, renderers and language description. */
public final class JavaKernelBuilder extends BaseKernelBuilder<JavaKernelBuilder, JavaKernel> {
    /** System property: milliseconds an interrupted cell may ignore the interrupt before it is stopped. */
    public static final String GRACE_PROPERTY = "slimlab.kernel.stopGraceMillis";

    private long stopGraceMillis = Long.getLong(GRACE_PROPERTY, 1000);
    private Repository repository;

    /** How long an interrupted cell may ignore the interrupt before it is stopped by force. */
    public JavaKernelBuilder stopGraceMillis(long millis) {
        this.stopGraceMillis = millis;
        return this;
    }

    /** Where {@code %maven} resolves from (default: {@code ~/.m2/repository} backed by Maven Central). */
    public JavaKernelBuilder repository(Repository repository) {
        this.repository = repository;
        return this;
    }

    @Override
    public JavaKernel build() {
        Repository repo = repository != null ? repository : Repository.standard();
        Map<String, Magic> magics = new LinkedHashMap<>();
        magics.put("classpath", new ClasspathMagic());
        magics.put("jars", new JarsMagic());
        magics.put("load", new LoadMagic());
        magics.put("maven", new MavenMagic(() -> new DependencyResolver(repo)));
        magics.put("doc", new DocMagic());
        magics.put("lsmagic", new LsMagic());
        magics.forEach((name, magic) -> lineMagic(name, (LineMagic<Object, JavaKernel>) magic::run));
        Evaluator evaluator = new Evaluator(StartupImports.statements(Slim.class), stopGraceMillis);
        String version = version();
        return new JavaKernel(version, languageInfo(), helpLinks(), new InMemoryHistory(), new KernelIO(),
                buildCommManager(), buildRenderer(), new MagicParser("(?<=(?:^|=))\\s*%", "%%", buildMagicTranspiler()),
                buildMagicsRegistry(), buildErrorStyler(), evaluator, magics);
    }

    private static String version() {
        String v = JavaKernel.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java")
                .version(Runtime.version().toString())
                .mimetype("text/x-java-source")
                .fileExtension(".jshell")
                .pygments("java")
                .codemirror("text/x-java")
                .build();
    }

    private static List<HelpLink> helpLinks() {
        int feature = Runtime.version().feature();
        return List.of(
                new HelpLink("Java " + feature + " API", "https://docs.oracle.com/en/java/javase/" + feature + "/docs/api/"),
                new HelpLink("DJL", "https://docs.djl.ai/"),
                new HelpLink("XChart", "https://knowm.org/open-source/xchart/"),
                new HelpLink("Tablesaw", "https://jtablesaw.github.io/tablesaw/"));
    }
}
