#include "store/async_store.hpp"

namespace autofixd::store {

AsyncStore::AsyncStore(Store store, std::size_t max_queued)
    : store_(std::move(store)), max_queued_(max_queued) {}

AsyncStore::~AsyncStore() { pool_.join(); }

}  // namespace autofixd::store
