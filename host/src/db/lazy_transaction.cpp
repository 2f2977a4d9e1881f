#include "db/lazy_transaction.hpp"

#include <stdexcept>

namespace govsync::host {

LazyTransaction::~LazyTransaction() {
  if (!lease_ || committed_) return;
  if (begun_) db_.rollback(lease_->session());
  lease_->discard();  // whatever it kept to itself goes with it
}

Poco::Data::Session& LazyTransaction::connection() {
  if (committed_) throw std::logic_error("the run's transaction is committed already");
  if (!lease_) lease_.emplace(db_.lease());
  return lease_->session();
}

Poco::Data::Session& LazyTransaction::session() {
  auto& session = connection();
  if (!begun_) {
    try {
      db_.begin(session);
      // A run's statements are bounded by its run_timeout, not by the host's statement timeout.
      db_.lift_statement_timeout(session, true);
    } catch (...) {
      lease_->discard();
      lease_.reset();
      throw;
    }
    begun_ = true;
  }
  return session;
}

void LazyTransaction::commit() {
  if (!begun_ || committed_) throw std::logic_error("commit of a transaction that is not open");
  db_.commit(lease_->session());
  committed_ = true;
  lease_.reset();  // back to the pool
}

}  // namespace govsync::host
