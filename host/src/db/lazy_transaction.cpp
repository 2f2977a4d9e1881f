#include "db/lazy_transaction.hpp"

#include <stdexcept>

namespace govsync::host {

LazyTransaction::~LazyTransaction() {
  if (!lease_ || committed_) return;
  db_.rollback(lease_->session());
  lease_->discard();
}

Poco::Data::Session& LazyTransaction::session() {
  if (committed_) throw std::logic_error("the run's transaction is committed already");
  if (!lease_) {
    auto lease = db_.lease();
    try {
      db_.begin(lease.session());
    } catch (...) {
      lease.discard();
      throw;
    }
    lease_.emplace(std::move(lease));
  }
  return lease_->session();
}

void LazyTransaction::commit() {
  if (!lease_ || committed_) throw std::logic_error("commit of a transaction that is not open");
  db_.commit(lease_->session());
  committed_ = true;
  lease_.reset();  // back to the pool
}

}  // namespace govsync::host
