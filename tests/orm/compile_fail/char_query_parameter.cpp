// expect: parameter would be bound as its character code: use std::string(1, c) or an integer type
#include "strata/driver/connection.hpp"
inline auto students_graded(strata::driver::Connection& conn, char grade) {
    return conn.query("SELECT name FROM students WHERE grade = $1", grade);
}
