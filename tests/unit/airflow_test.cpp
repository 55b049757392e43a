// The airflow check on DAG files in both styles (operators with >>, and the
// TaskFlow API), read without Airflow; syntax errors come from Python's parser.
#include "support/check_harness.hpp"
#include "support/test_repo.hpp"

#include <catch2/catch.hpp>

using namespace labkit;
using test::run_step;
using test::TempDir;
using test::TestRepo;

namespace {

const char* const kOperators = R"(from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonOperator

with DAG(dag_id="retrain", start_date=datetime(2024, 1, 1), schedule="@weekly", catchup=False) as dag:
    extract = PythonOperator(task_id="extract", python_callable=lambda: None)
    train = PythonOperator(task_id="train", python_callable=lambda: None)
    evaluate = PythonOperator(task_id="evaluate", python_callable=lambda: None)
    extract >> train >> evaluate
)";

const char* const kTaskFlow = R"(import pendulum
from airflow.decorators import dag, task


@dag(schedule=None, start_date=pendulum.datetime(2024, 1, 1), catchup=False)
def features():
    @task
    def load():
        return [1, 2]

    @task()
    def transform(rows):
        return rows  # note: ">>" in a comment is no dependency

    data = load()
    transform(data)


features()
)";

}  // namespace

TEST_CASE("airflow: operators chained with >> on a schedule", "[airflow]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("dags/retrain.py", kOperators);
  repo.write("dags/helpers.py", "def util():\n    return 1\n");
  const auto outcome = run_step("airflow: {schedule: true, tasks: {min: 3}, dependencies: true}", temp.path());
  INFO(outcome.evidence);
  CHECK(outcome.status == Status::pass);
  CHECK(outcome.evidence == "dags/retrain.py: 3 task(s), schedule \"@weekly\", with dependencies");
}

TEST_CASE("airflow: TaskFlow dependencies count, while no schedule, too few tasks and syntax errors do not",
          "[airflow]") {
  TempDir temp;
  TestRepo repo(temp.path());
  repo.write("dags/features.py", kTaskFlow);
  CHECK(run_step("airflow: {tasks: {min: 2}, dependencies: true}", temp.path()).status == Status::pass);
  const auto outcome = run_step("airflow: {schedule: true, tasks: {min: 3}}", temp.path());
  CHECK(outcome.evidence ==
        "dags/features.py: schedule=None runs only when triggered by hand; 2 task(s), need at least 3");

  repo.write("dags/features.py",
             std::string(kTaskFlow).replace(std::string(kTaskFlow).find("transform(data)"), 15, "pass"));
  CHECK(run_step("airflow: {dependencies: true}", temp.path()).evidence ==
        "dags/features.py: no dependencies between tasks (extract >> train >> evaluate)");

  repo.write("dags/broken.py", "from airflow import DAG\n\nwith DAG('x') as dag:\n    a = (\n");
  const auto broken = run_step("airflow: {tasks: {min: 1}}", temp.path());
  INFO(broken.evidence);
  CHECK(broken.status == Status::fail);
  CHECK_THAT(broken.evidence, Catch::StartsWith("syntax error: dags/broken.py:4: "));
  CHECK(broken.path == "dags/broken.py");
  CHECK(broken.line == 4);
  TempDir bare;
  TestRepo empty(bare.path());
  CHECK(run_step("airflow: {tasks: {min: 1}}", bare.path()).evidence ==
        "no DAG files in dags/**/*.py (dags/train_pipeline.py)");
}
