// strata.hpp: one include for a service — Database, transactions, Session, values and errors.
#pragma once

#include "strata/core/error.hpp"
#include "strata/core/log.hpp"
#include "strata/core/url.hpp"
#include "strata/driver/connection.hpp"
#include "strata/driver/result.hpp"
#include "strata/driver/value.hpp"
#include "strata/session/database.hpp"
#include "strata/session/pool.hpp"
#include "strata/session/session.hpp"
#include "strata/session/transaction.hpp"
