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
  CHECK(outcome.evidence == "dags/retrain.py:6: 3 task(s), schedule @weekly, with dependencies (line 10)");
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
  CHECK(run_step("airflow: {dags: 'dags/**/*.py', tasks: {min: 1}}", bare.path()).evidence ==
        "no DAG files in dags/**/*.py (dags/train_pipeline.py)");
  CHECK_THAT(run_step("airflow: {tasks: {min: 1}}", bare.path()).evidence,
             Catch::StartsWith("no DAG file: no Python file imports airflow"));
}

TEST_CASE("airflow: a DAG that only talks about tasks is no DAG with tasks", "[airflow]") {
  TempDir temp;
  TestRepo repo(temp.path());
  SECTION("dependencies and task ids in a docstring, a comment and strings") {
    repo.write("dags/retrain.py", R"py(from datetime import datetime
from airflow import DAG
from airflow.operators.empty import EmptyOperator

"""The plan:
    extract >> train >> evaluate
"""
with DAG("retrain", start_date=datetime(2024, 1, 1), schedule="@daily") as dag:
    start = EmptyOperator(task_id="start")
    # later: start >> PythonOperator(task_id="train")
    notes = "task_id='train' >> task_id='evaluate'"
)py");
    const auto outcome = run_step("airflow: {tasks: {min: 2}, dependencies: true}", temp.path());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK(outcome.evidence ==
          "dags/retrain.py: 1 task(s), need at least 2; no dependencies between tasks (extract >> train >> evaluate)");
  }
  SECTION("a DAG class of its own, not Airflow's") {
    repo.write("dags/fake.py", R"py(class DAG:
    def __init__(self, *args, **kwargs): pass

class Op:
    def __init__(self, task_id): self.task_id = task_id
    def __rshift__(self, other): return other

with_dag = DAG("airflow", schedule="@daily")
Op(task_id="a") >> Op(task_id="b")
)py");
    const auto outcome = run_step("airflow: {dags: 'dags/*.py', tasks: {min: 2}, dependencies: true}", temp.path());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::fail);
    CHECK_THAT(outcome.evidence, Catch::StartsWith("no file in dags/*.py makes an Airflow DAG"));
  }
}

TEST_CASE("airflow: DAGs written other ways, wherever they are, pass", "[airflow]") {
  TempDir temp;
  TestRepo repo(temp.path());
  SECTION("Airflow 3's airflow.sdk, chain(), a timedelta schedule, outside dags/") {
    repo.write("pipelines/retrain_dag.py", R"py(from datetime import datetime, timedelta
from airflow.sdk import DAG
from airflow.providers.standard.operators.bash import BashOperator
from airflow.models.baseoperator import chain

dag = DAG(dag_id="retrain", start_date=datetime(2024, 1, 1), schedule=timedelta(days=1))
steps = [BashOperator(task_id=name, bash_command=f"make {name}", dag=dag) for name in ("data", "train")]
report = BashOperator(task_id="report", bash_command="make report", dag=dag)
chain(*steps, report)
)py");
    repo.write("pipelines/util.py", "def helper():\n    return 1\n");
    const auto outcome = run_step("airflow: {schedule: true, tasks: {min: 2}, dependencies: true}", temp.path());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK(outcome.evidence ==
          "pipelines/retrain_dag.py:6: 2 task(s), schedule timedelta(days=1), with dependencies (line 9)");
  }
  SECTION("TaskFlow with @task.bash and a result passed straight on") {
    repo.write("airflow/dags/features.py", R"py(import pendulum
from airflow.decorators import dag, task

@dag(schedule="0 3 * * *", start_date=pendulum.datetime(2024, 1, 1))
def features():
    @task.bash
    def fetch():
        return "curl -o data.csv https://example.com/data.csv"

    @task(retries=2)
    def clean(path):
        return path

    @task
    def publish(path):
        print(path)

    publish(clean(fetch()))

features()
)py");
    const auto outcome = run_step("airflow: {schedule: true, tasks: {min: 3}, dependencies: true}", temp.path());
    INFO(outcome.evidence);
    CHECK(outcome.status == Status::pass);
    CHECK(outcome.evidence == "airflow/dags/features.py:4: 3 task(s), schedule 0 3 * * *, with dependencies (line 18)");
  }
}
