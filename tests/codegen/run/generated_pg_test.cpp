// The golden generated code (tests/codegen/golden/*/) compiled into this test and run against
// a scratch PostgreSQL built from each fixture schema's migrations, with asserted values.
#include <gtest/gtest.h>

#include <type_traits>
#include <vector>

#include "blog/blog.hpp"
#include "codegen/golden_support.hpp"
#include "library/authors.hpp"
#include "library/books.hpp"
#include "library/models.hpp"
#include "shop/models.hpp"
#include "shop/shop.hpp"
#include "strata/orm/repository.hpp"
#include "strata/session/database.hpp"

namespace strata::codegen::golden {
namespace {

namespace lib = ::golden::library;
namespace shop = ::golden::shop;
namespace blog = ::golden::blog;

TEST(GeneratedLibrary, RunsEveryKindWithTypedValues) {
    auto db = schema_database("library");
    db.database().transact([](Session& s) {
        const auto ada = lib::create_author(s, "Ada", std::nullopt);
        ASSERT_TRUE(ada.has_value());
        EXPECT_EQ(ada->name, "Ada");
        EXPECT_FALSE(ada->bio.has_value());
        lib::update_author_bio(s, ada->id, std::string("first programmer"));
        EXPECT_EQ(lib::get_author(s, ada->id)->bio, "first programmer");
        EXPECT_FALSE(lib::get_author(s, 999'999).has_value());

        const std::vector<lib::CreateAuthorsParams> many{
            {.name = "Borges", .bio = std::nullopt, .born = Date::parse("1899-08-24")},
            {.name = "Calvino", .bio = "cosmicomics", .born = std::nullopt}};
        EXPECT_EQ(lib::create_authors(s, many), 2U);
        EXPECT_EQ(lib::count_authors(s), 3);
        EXPECT_EQ(lib::list_authors(s).size(), 3U);
        std::vector<std::string> streamed;
        lib::list_authors(s, [&](lib::ListAuthorsRow&& r) { streamed.push_back(r.name); });
        EXPECT_EQ(streamed, (std::vector<std::string>{"Ada", "Borges", "Calvino"}));

        const auto ids = lib::authors_by_ids(s, std::vector<std::int64_t>{ada->id, 424242});
        ASSERT_EQ(ids.size(), 1U);
        EXPECT_EQ(ids[0].name, "Ada");
        EXPECT_EQ(lib::authors_page(s, 1, 1).at(0).name, "Borges");
        const auto found = lib::search_authors(s, "%a%", std::nullopt, 10, 0);
        EXPECT_EQ(found.size(), 2U);  // Ada, Calvino (ILIKE)

        const auto stats = lib::author_stats(s);
        EXPECT_EQ(stats->total, 3);
        EXPECT_EQ(stats->youngest, Date::parse("1899-08-24"));
        EXPECT_TRUE(lib::author_exists(s, ada->id).value());
        const auto bio = lib::author_bio_or_default(s, ids[0].id);
        EXPECT_EQ(bio->display, "Ada");

        const std::vector<lib::RenameAuthorsParams> renames{{.name = "Ada L.", .id = ada->id}};
        EXPECT_EQ(lib::rename_authors(s, renames), 1U);
        const std::vector<lib::GetAuthorsBatchParams> gets{{.id = ada->id}, {.id = 0}};
        const auto got = lib::get_authors_batch(s, gets);
        ASSERT_EQ(got.size(), 2U);
        EXPECT_EQ(got[0]->name, "Ada L.");
        EXPECT_FALSE(got[1].has_value());
        EXPECT_EQ(lib::touch_authors(s, Date::parse("1900-01-01")).affected_rows(), 1U);

        const auto book = lib::create_book(
            s, ada->id, "Notes", std::string("0123456789"), "science",
            std::vector<std::string>{"math", "engines"}, Numeric("25.50"), std::nullopt,
            Json(nlohmann::json{{"edition", "2"}}), std::nullopt, std::string("AB"));
        EXPECT_EQ(book->genre, "science");
        EXPECT_EQ(book->price.to_string(), "25.50");
        EXPECT_EQ(book->isbn, "0123456789");
        EXPECT_EQ(lib::books_by_genre(s, "science").size(), 1U);
        EXPECT_EQ(lib::books_by_genres(s, std::vector<std::string>{"history", "science"}).size(),
                  1U);
        EXPECT_EQ(lib::books_tagged(s, std::vector<std::string>{"math"}).at(0).tags.size(), 2U);
        const auto meta = lib::book_metadata_field(s, book->id);
        EXPECT_EQ(meta->edition, "2");
        EXPECT_EQ(meta->first_tag, "math");
        EXPECT_EQ(meta->metadata.value["edition"], "2");
        const auto priced = lib::set_book_price(s, book->id, Numeric("30"));
        static_assert(std::is_same_v<decltype(priced->published_at), Timestamptz>);  // set to now()
        const auto cover = lib::book_cover(s, book->id);
        EXPECT_FALSE(cover->cover.has_value());
        EXPECT_EQ(cover->code, "AB  ");  // bpchar pads

        const auto embedded = lib::books_with_author(s);
        ASSERT_EQ(embedded.size(), 1U);
        EXPECT_EQ(embedded[0].books.title, "Notes");
        EXPECT_EQ(embedded[0].authors.name, "Ada L.");
        const std::vector<lib::BooksOfAuthorsParams> of{{.author_id = ada->id}, {.author_id = 0}};
        const auto batches = lib::books_of_authors(s, of);
        EXPECT_EQ(batches.at(0).size(), 1U);
        EXPECT_TRUE(batches.at(1).empty());
        const auto review = lib::add_review(s, book->id, 5);
        EXPECT_EQ(review->body, "no comment");
        EXPECT_EQ(lib::upsert_author(s, ada->id, "Ada King", std::nullopt)->name, "Ada King");
        EXPECT_EQ(lib::delete_author(s, 0), 0U);
    });
}

TEST(GeneratedLibrary, EachOuterJoinKindReturnsNull) {
    auto db = schema_database("library");
    db.database().transact([](Session& s) {
        const auto lonely = lib::create_author(s, "Lonely", std::nullopt);
        const auto busy = lib::create_author(s, "Busy", std::nullopt);
        const auto book = lib::create_book(
            s, busy->id, "Unreviewed", std::nullopt, "fiction", {}, Numeric("1"), std::nullopt,
            Json(nlohmann::json::object()), std::nullopt, std::nullopt);
        // LEFT JOIN: an author without books.
        const auto left = lib::authors_with_books(s);
        ASSERT_EQ(left.size(), 2U);
        EXPECT_EQ(left[0].author_id, lonely->id);
        EXPECT_FALSE(left[0].book_id.has_value());
        EXPECT_FALSE(left[0].price.has_value());
        // RIGHT JOIN: the same author from the other side.
        const auto right = lib::books_right_authors(s);
        EXPECT_FALSE(right[0].title.has_value());
        EXPECT_EQ(right[0].author_name, "Lonely");
        // FULL JOIN: a book without reviews.
        const auto full = lib::books_full_reviews(s);
        ASSERT_EQ(full.size(), 1U);
        EXPECT_EQ(full[0].book_id, book->id);
        EXPECT_FALSE(full[0].review_id.has_value());
        // LEFT JOIN LATERAL: no latest review.
        const auto lateral = lib::latest_review_per_book(s);
        EXPECT_FALSE(lateral.at(0).stars.has_value());
        EXPECT_EQ(lib::books_cross_lateral(s).at(0).n, 0);
        // Aggregates over an empty input are NULL, count is 0.
        const auto empty = lib::book_price_stats(s, lonely->id);
        EXPECT_EQ(empty->books, 0);
        EXPECT_FALSE(empty->total.has_value());
        EXPECT_FALSE(empty->average.has_value());
        const auto labels = lib::book_labels(s);
        EXPECT_FALSE(labels.at(0).label.has_value());
        EXPECT_EQ(labels.at(0).tier, "standard");
        EXPECT_FALSE(labels.at(0).best.has_value());
    });
}

TEST(GeneratedBlog, NullableEmbedFromALeftJoinAndArrays) {
    auto db = schema_database("blog");
    db.database().transact([](Session& s) {
        const auto user = blog::create_user(s, "grace", std::nullopt, std::nullopt);
        EXPECT_FALSE(user->display_name.has_value());
        const auto post = blog::create_post(s, user->id, "hello-world", "Hello", "public",
                                            std::vector<std::string>{"intro"});
        EXPECT_EQ(post->visibility, "public");
        EXPECT_EQ(blog::get_post_by_slug(s, "hello-world")->author, "grace");
        s.execute("INSERT INTO comments (post_id, author_id, body) VALUES ($1, $2, 'mine')",
                  std::vector<driver::Value>{post->id, user->id.to_string()});
        s.execute("INSERT INTO comments (post_id, body) VALUES ($1, 'anonymous')",
                  std::vector<driver::Value>{post->id});
        const auto comments = blog::comments_with_authors(s, post->id);
        ASSERT_EQ(comments.size(), 2U);
        ASSERT_TRUE(comments[0].users.has_value());
        EXPECT_EQ(comments[0].users->handle, "grace");
        EXPECT_FALSE(comments[1].users.has_value());  // LEFT JOIN miss: the embed is empty
        EXPECT_FALSE(comments[1].author_handle.has_value());
        const auto threads = blog::comment_threads(s, post->id);
        EXPECT_FALSE(threads[0].parent_body.has_value());

        const std::vector<blog::AddTagsParams> tags{{.name = "c++"}, {.name = "sql"}};
        EXPECT_EQ(blog::add_tags(s, tags), 2U);
        const auto full = blog::tags_full_posts(s);  // FULL JOIN: tags without posts
        ASSERT_EQ(full.size(), 2U);
        EXPECT_FALSE(full[0].post_id.has_value());
        EXPECT_EQ(blog::publish_posts(s, std::vector<std::int64_t>{post->id}), 1U);
        EXPECT_EQ(blog::posts_by_visibility(s, std::vector<std::string>{"public"}).size(), 1U);
        EXPECT_EQ(blog::top_posts(s, 5).at(0).place, 1);
        EXPECT_EQ(blog::user_karma_total(s)->users, 1);
        const auto labels = blog::post_labels(s, post->id);
        EXPECT_EQ(labels->first_label, "intro");
        EXPECT_EQ(blog::author_post_counts(s).at(0).n, 1);
        EXPECT_EQ(blog::set_display_name(s, user->id)->display_name, "anonymous");
        EXPECT_FALSE(blog::user_setting(s, user->id)->lang.has_value());
    });
}

TEST(GeneratedShop, EnumsNumericCopyAndPipeline) {
    auto db = schema_database("shop");
    db.database().transact([](Session& s) {
        const auto c = shop::create_customer(s, "a@example.com", "Ann", std::nullopt);
        EXPECT_FALSE(c->phone.has_value());
        const auto p = shop::upsert_product(s, "SKU-1", "Widget", Numeric("9.99"), 5);
        EXPECT_EQ(shop::upsert_product(s, "SKU-1", "Widget", Numeric("8.00"), 2)->stock, 7);
        const auto order_id =
            s.query("INSERT INTO orders (customer_id) VALUES ($1) RETURNING id", c->id)
                .scalar<std::int64_t>();
        const std::vector<shop::AddOrderItemsParams> items{{.order_id = order_id,
                                                            .product_id = p->id,
                                                            .quantity = 3,
                                                            .unit_price = Numeric("8.00")}};
        EXPECT_EQ(shop::add_order_items(s, items), 1U);
        const auto totals = shop::order_totals(s);
        EXPECT_EQ(totals.at(0).computed->to_string(), "24.00");
        shop::set_order_status(s, "paid", order_id);
        EXPECT_EQ(shop::orders_by_status(s, "paid").at(0).status, "paid");
        EXPECT_FALSE(shop::order_note(s, order_id).has_value());
        const std::vector<shop::RestockProductsParams> restock{{.amount = 3, .id = p->id}};
        EXPECT_EQ(shop::restock_products(s, restock), 1U);
        const std::vector<shop::ProductStockParams> stock{{.id = p->id}, {.id = -1}};
        const auto st = shop::product_stock(s, stock);
        EXPECT_EQ(st.at(0), 10);
        EXPECT_FALSE(st.at(1).has_value());
        EXPECT_EQ(shop::customer_order_counts(s).at(0).orders, 1);
        EXPECT_EQ(shop::status_summary(s).at(0).n, 1);
        EXPECT_EQ(shop::soft_delete_customer(s, c->id), 1U);
        EXPECT_FALSE(shop::get_customer(s, c->id).has_value());
        EXPECT_TRUE(shop::get_customer_including_deleted(s, c->id)->deleted_at.has_value());
    });
}

TEST(GeneratedModels, TableStructsWorkWithRepositoryAndShareRowsWithQueries) {
    auto db = schema_database("shop");
    db.database().transact([](Session& s) {
        orm::Repository<::golden::shop_models::Customers> customers{s};
        ::golden::shop_models::Customers c;
        c.email = "m@example.com";
        c.name = "Mo";
        const auto saved = customers.insert(c);  // id and created_at filled by the server
        EXPECT_GT(saved.id, 0);
        EXPECT_FALSE(saved.phone.has_value());
        EXPECT_EQ(shop::get_customer(s, saved.id)->email, "m@example.com");
        EXPECT_EQ(customers.get_by_id(saved.id)->name, "Mo");
        EXPECT_EQ(shop::soft_delete_customer(s, saved.id), 1U);
        EXPECT_FALSE(customers.get_by_id(saved.id).has_value());  // soft-delete column detected
    });
    auto lib_db = schema_database("library");
    lib_db.database().transact([](Session& s) {
        orm::Repository<::golden::library_models::Authors> authors{s};
        ::golden::library_models::Authors a;
        a.name = "Ursula";
        const auto saved = authors.insert(a);
        EXPECT_EQ(lib::get_author(s, saved.id)->external_id, saved.external_id);
    });
}

// A query whose result is exactly a table's columns returns that table's model struct.
static_assert(std::is_same_v<lib::GetAuthorRow, ::golden::library_models::Authors>);
static_assert(std::is_same_v<lib::ListAuthorsRow, ::golden::library_models::Authors>);
static_assert(std::is_same_v<blog::GetUserByHandleRow, ::golden::blog_models::Users>);

TEST(GeneratedModels, AWholeTableRowIsTheModelStructSavedAndReadBack) {
    auto db = schema_database("library");
    db.database().transact([](Session& s) {
        const ::golden::library_models::Authors created = *lib::create_author(s, "Le Guin", "sf");
        orm::Repository<::golden::library_models::Authors> authors{s};
        EXPECT_EQ(authors.get_by_id(created.id)->bio, "sf");
        const std::optional<::golden::library_models::Authors> read =
            lib::get_author(s, created.id);
        EXPECT_EQ(read->name, "Le Guin");
    });
}

TEST(GeneratedLibrary, ConnectionOverloadsRunOutsideATransaction) {
    auto db = schema_database("library");
    auto conn = driver::Connection::open(db.url());
    const auto ada = lib::create_author(conn, "Ada", std::nullopt);  // autocommit
    ASSERT_TRUE(ada.has_value());
    const std::vector<lib::CreateAuthorsParams> more{
        {.name = "Borges", .bio = std::nullopt, .born = std::nullopt}};
    EXPECT_EQ(lib::create_authors(conn, more), 1U);  // binary COPY on the connection
    EXPECT_EQ(lib::count_authors(conn), 2);
    lib::update_author_bio(conn, ada->id, std::string("engines"));
    std::vector<std::string> streamed;
    lib::list_authors(conn, [&](lib::ListAuthorsRow&& r) { streamed.push_back(r.name); });
    EXPECT_EQ(streamed, (std::vector<std::string>{"Ada", "Borges"}));
    // Committed: another connection (a Session of its own) sees the rows.
    db.database().transact([&](Session& s) {
        EXPECT_EQ(lib::get_author(s, ada->id)->bio, "engines");
        EXPECT_EQ(lib::list_authors(s).size(), 2U);
    });
}

}  // namespace
}  // namespace strata::codegen::golden
