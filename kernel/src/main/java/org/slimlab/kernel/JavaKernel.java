package org.slimlab.kernel;

import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.history.HistoryEntry;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.magic.MagicParser;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Header;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.publish.PublishClearOutput;
import org.dflib.jjava.jupyter.messages.publish.PublishError;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteInput;
import org.dflib.jjava.jupyter.messages.publish.PublishExecuteResult;
import org.dflib.jjava.jupyter.messages.reply.ErrorReply;
import org.dflib.jjava.jupyter.messages.reply.ExecuteReply;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.jupyter.messages.request.HistoryRequest;
import org.dflib.jjava.jupyter.messages.request.InterruptRequest;
import org.dflib.jjava.jupyter.messages.request.KernelInfoRequest;
import org.slimlab.kernel.analysis.CodeAnalysis;
import org.slimlab.kernel.display.DisplayRenderers;
import org.slimlab.kernel.display.JupyterDisplaySink;
import org.slimlab.kernel.execution.CellFailure;
import org.slimlab.kernel.execution.EvalResult;
import org.slimlab.kernel.execution.Evaluator;
import org.slimlab.kernel.execution.Failures;
import org.slimlab.kernel.magic.CellParser;
import org.slimlab.kernel.magic.Magic;
import org.slimlab.kernel.magic.MagicContext;
import org.slimlab.kernel.magic.Segment;
import org.slimlab.notebook.Displays;
import org.slimlab.notebook.Interrupts;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The SlimLab Java kernel: JShell running in the kernel's own JVM, so cell results stay live objects
 * that render as charts, tables and images. Cells may mix Java with magics ({@code %maven},
 * {@code %classpath}, {@code %jars}, {@code %load}, {@code %time}, {@code %lsmagic}).
 */
public final class JavaKernel extends BaseKernel implements MagicContext {
    private final Evaluator evaluator;
    private final KernelIO kernelIO;
    private final InMemoryHistory history;
    private final Map<String, Magic> magics;
    private final CodeAnalysis analysis;
    private volatile ShellReplyEnvironment currentRequest;
    private final List<Map<String, Object>> payloads = new CopyOnWriteArrayList<>();
    private final QueuedAborts aborts = new QueuedAborts();

    JavaKernel(String version, LanguageInfo languageInfo, List<HelpLink> helpLinks, InMemoryHistory history,
               KernelIO io, CommManager comms, Renderer renderer, MagicParser magicParser, MagicsRegistry registry,
               StringStyler errorStyler, Evaluator evaluator, Map<String, Magic> magics) {
        super("slimlab", version, languageInfo, helpLinks, history, io, comms, renderer, magicParser, registry,
                false, errorStyler);
        this.evaluator = evaluator;
        this.kernelIO = io;
        this.history = history;
        this.magics = Map.copyOf(magics);
        this.analysis = new CodeAnalysis(evaluator::shell, magicNames());
        DisplayRenderers.registerAll(renderer);
    }

    @Override
    public void onStartup() {
        super.onStartup();
        Displays.install(new JupyterDisplaySink(this));
    }

    @Override
    public void onShutdown(boolean restarting) {
        evaluator.close();
        super.onShutdown(restarting);
    }

    @Override
    public String getBanner() {
        return "Java (SlimLab): JShell on Java " + Runtime.version() + "; the notebook API is Slim.*, display(), updateDisplay()";
    }

    /** The evaluator behind this kernel. */
    Evaluator evaluator() {
        return evaluator;
    }

    @Override
    protected synchronized void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> message) {
        commManager.setMessageContext(message);
        ExecuteRequest request = message.getContent();
        env.setBusyDeferIdle();
        if (aborts.queuedBeforeFailure(message)) {
            env.reply(new StatusReplies.Aborted());
            return;
        }
        int count = request.isSilent() ? executionCount.get() : executionCount.getAndIncrement();
        if (!request.isSilent()) {
            env.publish(new PublishExecuteInput(request.getCode(), count));
        }
        replaceOutputStreams(env);
        kernelIO.attach(env, request.isStdinEnabled());
        env.defer(() -> kernelIO.detach(env));
        currentRequest = env;
        payloads.clear();
        beginCell();
        String shown = "";
        try (OutputPump pump = new OutputPump(kernelIO)) {
            EvalResult result = runCell(request.getCode(), "In [" + count + "]", 1);
            if (result.present() && !request.isSilent()) {
                DisplayData data = renderResult(result.value());
                pump.close();
                env.publish(new PublishExecuteResult(count, data));
                Object text = data.getData(MIMEType.TEXT_PLAIN);
                shown = text == null ? "" : text.toString();
            }
        } catch (CellFailure failure) {
            fail(env, request, count, failure);
            return;
        } catch (RuntimeException | Error e) {
            fail(env, request, count, Failures.kernelError(e));
            return;
        } finally {
            currentRequest = null;
        }
        if (request.shouldStoreHistory() && !request.isSilent()) {
            history.add(count, request.getCode(), shown);
        }
        env.defer().reply(new StatusReplies.Execute(count, payloads));
    }

    private void fail(ShellReplyEnvironment env, ExecuteRequest request, int count, CellFailure failure) {
        if (request.shouldStopOnError()) {
            aborts.failed();
        }
        env.publish(new PublishError(failure.name(), failure.value(), failure.traceback()));
        ErrorReply reply = new ErrorReply(failure.name(), failure.value(), failure.traceback());
        reply.setExecutionCount(count);
        env.defer().replyError(ExecuteReply.MESSAGE_TYPE.error(), reply);
    }

    private DisplayData renderResult(Object value) {
        if (value instanceof DisplayData d) {
            return d;
        }
        try {
            return value == null ? new DisplayData("null") : getRenderer().render(value);
        } catch (RuntimeException e) {
            throw Failures.renderFailed(value, e);
        }
    }

    /** Forgets interrupts of earlier cells. */
    void beginCell() {
        evaluator.beginCell();
        Interrupts.clear();
    }

    /**
     * Runs a cell: its Java snippets, line magics and cell magic, in order.
     *
     * @param label     names the cell in errors, such as {@code In [4]}
     * @param firstLine the line number of the cell's first line in that source
     * @return the value of the last expression, if it is to be shown
     */
    EvalResult runCell(String code, String label, int firstLine) {
        EvalResult last = EvalResult.NONE;
        for (Segment segment : CellParser.parse(code)) {
            if (segment instanceof Segment.Code c) {
                last = evaluator.eval(c.text(), label, firstLine + c.firstLine() - 1);
            } else if (segment instanceof Segment.LineMagic m) {
                int line = firstLine + m.line() - 1;
                last = m.name().equals("time")
                        ? Timing.time(() -> evaluator.eval(m.args(), label, line))
                        : lineMagic(m.name(), m.args(), label, line);
            } else if (segment instanceof Segment.CellMagic m) {
                int line = firstLine + m.bodyLine() - 1;
                if (!m.name().equals("time")) {
                    throw Failures.unknownMagic("%%" + m.name(), label, line - 1, magicNames());
                }
                last = Timing.time(() -> runCell(m.body(), label, line));
            }
        }
        return last;
    }

    private EvalResult lineMagic(String name, String args, String label, int line) {
        Magic magic = magics.get(name);
        if (magic == null) {
            throw Failures.unknownMagic("%" + name, label, line, magicNames());
        }
        try {
            Object value = magic.run(this, CellParser.arguments(args));
            return value == null ? EvalResult.NONE : EvalResult.of(value);
        } catch (CellFailure f) {
            throw f;
        } catch (Exception e) {
            throw Failures.magicFailed("%" + name, e, label, line);
        }
    }

    /** Cells print to buffered streams, flushed by {@link OutputPump}, before displays and at the end. */
    @Override
    protected void replaceOutputStreams(ShellReplyEnvironment env) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        InputStream oldIn = System.in;
        System.setOut(kernelIO.cellOut);
        System.setErr(kernelIO.cellErr);
        System.setIn(kernelIO.in);
        env.defer(() -> {
            System.setOut(oldOut);
            System.setErr(oldErr);
            System.setIn(oldIn);
        });
    }

    /** Shows display data after what the cell printed before it. */
    @Override
    public void display(DisplayData data) {
        kernelIO.flush();
        super.display(data);
    }

    @Override
    public Object evalRaw(String code) {
        EvalResult r = runCell(code, "eval", 1);
        return r.present() ? r.value() : null;
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        Optional<String> doc = analysis.inspect(code, at);
        if (doc.isEmpty()) {
            return null;
        }
        DisplayData data = new DisplayData(doc.get());
        data.putMarkdown("```java\n" + doc.get() + "\n```");
        return data;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        CodeAnalysis.Completion c = analysis.complete(code, at);
        return new ReplacementOptions(c.matches(), c.start(), c.end());
    }

    @Override
    public String isComplete(String code) {
        return analysis.isComplete(code);
    }

    @Override
    public void interrupt() {
        Interrupts.request();
        evaluator.interrupt();
    }

    @Override
    public List<String> formatError(Throwable e) {
        return e instanceof CellFailure f ? f.traceback() : super.formatError(e);
    }

    @Override
    protected void handleKernelInfoRequest(ShellReplyEnvironment env, Message<KernelInfoRequest> message) {
        env.setBusyDeferIdle();
        env.reply(new StatusReplies.KernelInfo(Header.PROTOCOL_VERISON, getName(), getVersion(), getLanguageInfo(),
                getBanner(), getHelpLinks()));
    }

    @Override
    protected void handleHistoryRequest(ShellReplyEnvironment env, Message<HistoryRequest> message) {
        HistoryRequest request = message.getContent();
        env.setBusyDeferIdle();
        Set<HistoryManager.ResultFlag> flags = EnumSet.noneOf(HistoryManager.ResultFlag.class);
        if (request.includeOutput()) {
            flags.add(HistoryManager.ResultFlag.INCLUDE_OUTPUT);
        }
        List<HistoryEntry> entries;
        if (request instanceof HistoryRequest.Tail tail) {
            entries = history.lookupTail(tail.getMaxReturnLength(), flags);
        } else if (request instanceof HistoryRequest.Range range) {
            entries = history.lookupRange(range.getSessionIndex(), range.getStart(), range.getStop(), flags);
        } else if (request instanceof HistoryRequest.Search search) {
            if (search.filterUnique()) {
                flags.add(HistoryManager.ResultFlag.UNIQUE);
            }
            entries = history.search(search.getPattern(), search.getMaxReturnLength(), flags);
        } else {
            entries = List.of();
        }
        env.reply(new StatusReplies.History(entries));
    }

    @Override
    protected void handleInterruptRequest(ShellReplyEnvironment env, Message<InterruptRequest> message) {
        env.setBusyDeferIdle();
        env.defer().reply(new StatusReplies.Interrupt());
        interrupt();
    }

    /** Publishes clear_output in the running cell; does nothing between cells. */
    void clearOutput(boolean wait) {
        ShellReplyEnvironment env = currentRequest;
        if (env != null) {
            kernelIO.flush();
            env.publish(wait ? PublishClearOutput.BEFORE_NEXT_OUTPUT : PublishClearOutput.NOW);
        }
    }

    // MagicContext

    @Override
    public void addToClasspath(Path path) {
        evaluator.addToClasspath(path.toAbsolutePath().toString());
    }

    @Override
    public List<String> addedClasspath() {
        return evaluator.addedClasspath();
    }

    @Override
    public EvalResult evaluate(String source, String label) {
        return runCell(source, label, 1);
    }

    @Override
    public Path workingDirectory() {
        return Path.of("").toAbsolutePath();
    }

    @Override
    public Optional<String> documentation(String code) {
        return analysis.inspect(code, code.length());
    }

    @Override
    public void page(String text) {
        payloads.add(Map.of("source", "page", "data", Map.of("text/plain", text), "start", 0));
    }

    @Override
    public Set<String> magicNames() {
        Set<String> names = new TreeSet<>(magics.keySet());
        names.add("time");
        return names;
    }
}
