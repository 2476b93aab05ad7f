package dcfs.vfs.meta;

/** One change in a journal entry: a put or a delete of one key of one table. */
public sealed interface Change {
    Table table();

    byte[] key();

    record Put(Table table, byte[] key, byte[] value) implements Change {
    }

    record Delete(Table table, byte[] key) implements Change {
    }
}
