package dcfs.fstests.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dcfs.fstests.mount.MountExtension;
import dcfs.fstests.mount.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * make and gcc building a small C program inside the mount: the build works and the program runs
 * from the mount; a second make has nothing to do (mtimes compare right); touching one source
 * rebuilds that object and the program, and nothing else.
 */
@ExtendWith(MountExtension.class)
class MakeTest {

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void buildRebuildNothingToDoAndTouch(Scratch scratch) throws Exception {
        Path project = Files.createDirectory(scratch.dir().resolve("project"));
        Files.writeString(project.resolve("greet.h"), "#ifndef GREET_H\n#define GREET_H\nconst char *greeting(void);\nint answer(void);\n#endif\n");
        Files.writeString(project.resolve("greet.c"), "#include \"greet.h\"\nconst char *greeting(void) { return \"hello from the mount\"; }\n");
        Files.writeString(project.resolve("answer.c"), "#include \"greet.h\"\nint answer(void) { return 6 * 7; }\n");
        Files.writeString(project.resolve("main.c"), "#include <stdio.h>\n#include \"greet.h\"\n"
                + "int main(void) { printf(\"%s %d\\n\", greeting(), answer()); return 0; }\n");
        Files.writeString(project.resolve("Makefile"), """
                CC = gcc
                CFLAGS = -O1 -Wall
                OBJS = main.o greet.o answer.o
                app: $(OBJS)
                \t$(CC) -o $@ $(OBJS)
                %.o: %.c greet.h
                \t$(CC) $(CFLAGS) -c $< -o $@
                clean:
                \trm -f app $(OBJS)
                """);
        Commands make = new Commands(project);

        String first = make.run("make");
        assertTrue(first.contains("-c main.c") && first.contains("-c greet.c") && first.contains("-c answer.c"),
                "the first build compiles every source:\n" + first);
        assertEquals("hello from the mount 42\n", make.run("./app"), "the program built and run in the mount");

        assertTrue(make.attempt("make", "-q").succeeded(), "make -q: everything is up to date");
        assertTrue(make.run("make").contains("is up to date"), "a second make has nothing to do");

        // a source newer than its object, by a margin no filesystem's timestamp step can hide
        Path greet = project.resolve("greet.c");
        Files.writeString(greet, "#include \"greet.h\"\nconst char *greeting(void) { return \"rebuilt in the mount\"; }\n");
        Thread.sleep(1100);
        Files.setLastModifiedTime(greet, FileTime.from(Instant.now()));
        assertFalse(make.attempt("make", "-q").succeeded(), "make -q: greet.c is newer than greet.o");
        String again = make.run("make");
        assertTrue(again.contains("-c greet.c"), "greet.c is recompiled:\n" + again);
        assertFalse(again.contains("-c main.c") || again.contains("-c answer.c"), "only greet.c is recompiled:\n" + again);
        assertTrue(again.contains("-o app"), "the program is linked again:\n" + again);
        assertEquals("rebuilt in the mount 42\n", make.run("./app"));
        assertTrue(make.attempt("make", "-q").succeeded(), "up to date after the rebuild");

        make.run("make", "clean");
        assertFalse(Files.exists(project.resolve("app")), "make clean removed the program");
    }
}
