package dcfs.vfs.store;

class InMemoryStripeStoreTest extends StripeStoreContract {
    @Override
    protected StripeStore newStore() {
        return new InMemoryStripeStore();
    }
}
