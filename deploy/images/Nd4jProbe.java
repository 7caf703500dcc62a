import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Run by check-image --run-nd4j on the inference image's own java and jars: a matrix product
 * through ND4J's native backend, which loads libnd4j and OpenBLAS through JavaCPP, so the image's
 * system libraries must satisfy them.
 */
public class Nd4jProbe {
  public static void main(String[] args) {
    INDArray a = Nd4j.rand(64, 64);
    double difference = a.mmul(Nd4j.eye(64)).sub(a).norm2Number().doubleValue();
    System.out.println("ND4J native matrix product, difference from the identity: " + difference);
    if (difference > 1e-4) {
      System.exit(1);
    }
  }
}
