package dcfs.fstests.mount;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests the filesystem under test ({@link FilesystemUnderTest}, shared by the whole run and
 * closed, so unmounted, when the run ends) and a fresh {@link Scratch} directory in it per test
 * (removed when the test ends, whatever its outcome).
 */
public final class MountExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(MountExtension.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    // Opening failed once (no mount possible): every later test reports the same cause at once
    // instead of trying to mount again.
    private static volatile RuntimeException openFailure;

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        Class<?> t = p.getParameter().getType();
        return t == Scratch.class || t == MountedFilesystem.class || t == FilesystemUnderTest.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        FilesystemUnderTest fut = shared(c);
        Class<?> t = p.getParameter().getType();
        if (t == FilesystemUnderTest.class) {
            return fut;
        }
        if (t == MountedFilesystem.class) {
            return fut.filesystem();
        }
        String name = c.getRequiredTestClass().getSimpleName() + "." + c.getTestMethod().map(m -> m.getName()).orElse("all")
                + "." + SEQUENCE.incrementAndGet();
        try {
            fut.filesystem().reviveIfDead().ifPresent(what -> RunReport.incident("before " + name + ": " + what));
            Scratch scratch = Scratch.create(fut, name);
            c.getStore(NAMESPACE).put(scratch, scratch);
            return scratch;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the test directory " + name, e);
        }
    }

    /** The run-wide filesystem under test. */
    public static FilesystemUnderTest shared(ExtensionContext c) {
        if (openFailure != null) {
            throw openFailure;
        }
        try {
            return c.getRoot().getStore(NAMESPACE).computeIfAbsent(FilesystemUnderTest.class, k -> {
                FilesystemUnderTest fut = FilesystemUnderTest.open();
                RunReport.target(fut.note());
                return fut;
            }, FilesystemUnderTest.class);
        } catch (org.opentest4j.TestAbortedException skip) {
            throw skip;
        } catch (RuntimeException e) {
            openFailure = e;
            throw e;
        }
    }
}
