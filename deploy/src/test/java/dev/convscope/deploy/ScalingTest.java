package dev.convscope.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Autoscaling on CPU for the two services that scale out; disruption budgets for all three. */
class ScalingTest {

  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void inferenceAndVisualizationScaleOnCpu(Manifests manifests) {
    List<HorizontalPodAutoscaler> autoscalers = manifests.all(HorizontalPodAutoscaler.class);
    assertThat(autoscalers)
        .extracting(h -> h.getSpec().getScaleTargetRef().getName())
        .containsExactlyInAnyOrder("convscope-inference", "convscope-visualization");
    for (HorizontalPodAutoscaler autoscaler : autoscalers) {
      assertThat(autoscaler.getApiVersion()).isEqualTo("autoscaling/v2");
      var target = autoscaler.getSpec().getScaleTargetRef();
      assertThat(target.getKind()).isEqualTo("Deployment");
      assertThat(target.getApiVersion()).isEqualTo("apps/v1");
      Deployment deployment = manifests.get(Deployment.class, target.getName());
      // The autoscaler owns the count; a fixed one would be reset on every apply.
      assertThat(deployment.getSpec().getReplicas()).as(target.getName()).isNull();
      assertThat(autoscaler.getSpec().getMinReplicas())
          .isBetween(1, autoscaler.getSpec().getMaxReplicas());
      assertThat(autoscaler.getSpec().getMetrics())
          .extracting(MetricSpec::getType, m -> m.getResource().getName())
          .containsExactly(org.assertj.core.groups.Tuple.tuple("Resource", "cpu"));
      // Utilization is measured against the request: without one the autoscaler is blind.
      for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
        assertThat(container.getResources().getRequests()).containsKey("cpu");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void everyServiceHasADisruptionBudgetOfItsOwn(Manifests manifests) {
    List<PodDisruptionBudget> budgets = manifests.all(PodDisruptionBudget.class);
    assertThat(budgets).hasSize(3);
    for (PodDisruptionBudget budget : budgets) {
      List<String> selected = manifests.selected(budget.getSpec().getSelector());
      assertThat(selected).as(budget.getMetadata().getName()).hasSize(1);
      assertThat(selected.get(0)).isEqualTo(budget.getMetadata().getName());
      assertThat(
              budget.getSpec().getMaxUnavailable() != null
                  || budget.getSpec().getMinAvailable() != null)
          .isTrue();
    }
    for (ServiceModule service : ServiceModule.values()) {
      assertThat(budgets)
          .anyMatch(
              b -> manifests.selected(b.getSpec().getSelector()).contains(service.deployment));
    }
  }

  @ParameterizedTest
  @MethodSource("dev.convscope.deploy.Manifests#all")
  void deploymentsSelectTheirOwnPods(Manifests manifests) {
    for (Deployment deployment : manifests.all(Deployment.class)) {
      assertThat(manifests.selected(deployment.getSpec().getSelector()))
          .containsExactly(deployment.getMetadata().getName());
    }
  }
}
