// Translating constraint violations, by constraint name, into a service's own errors.
#pragma once

#include <functional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "strata/core/error.hpp"

namespace strata::orm {

/// Constraint name -> a function that throws the domain error for it.
using ConstraintHandlers =
    std::vector<std::pair<std::string, std::function<void(const ConstraintViolation&)>>>;

/// Runs fn(); when it throws a ConstraintViolation whose constraint() is a key of handlers, that
/// handler runs (and should throw the domain error); otherwise, or if the handler returns, the
/// violation propagates unchanged.
///
///     auto user = translate_constraints([&] { return users.insert(u); },
///         {{"uq_users_email", [](auto&) { throw EmailTaken(); }}});
///
/// On PostgreSQL the violation aborts the transaction: wrap fn in Session::transact (a
/// savepoint) when the transaction must go on. SQLite reports UNIQUE/PRIMARY KEY constraints by
/// their index name (see docs/sqlite.md).
template <class Fn>
decltype(auto) translate_constraints(Fn&& fn, const ConstraintHandlers& handlers) {
    try {
        return std::forward<Fn>(fn)();
    } catch (const ConstraintViolation& e) {
        for (const auto& [name, handler] : handlers) {
            if (name == e.constraint()) handler(e);
        }
        throw;
    }
}

}  // namespace strata::orm
