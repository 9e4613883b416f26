package dev.vibe.riffs.warmup;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The JIT compiler's accumulated compile time, which tells whether the code the warm-up runs is still being compiled.
 * Empty where the JVM keeps no such figure (a native executable has no JIT at all).
 */
@ApplicationScoped
public class CompilerActivity {

    private final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();

    /** The time all compiler threads have spent compiling since the JVM started, if the JVM keeps it. */
    public OptionalLong compileMillis() {
        return compiler != null && compiler.isCompilationTimeMonitoringSupported()
                ? OptionalLong.of(compiler.getTotalCompilationTime())
                : OptionalLong.empty();
    }
}
