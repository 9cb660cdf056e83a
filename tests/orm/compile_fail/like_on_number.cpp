// expect: like() is for text columns
#include "models.hpp"
inline auto e = strata::orm::col(&Purchase::total).like("1%");
